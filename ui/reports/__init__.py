"""The Reports area: the daily worksheet and its sign-off, chain-of-custody reports, verifying a report, labels."""
