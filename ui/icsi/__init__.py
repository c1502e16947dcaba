"""The ICSI area: oocyte retrieval and maturity, the witnessed sperm source, injection, the check."""
