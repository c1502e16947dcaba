"""Patients & cycles: find and register patients and couples, open them, record cycles,
the male diagnosis and consents."""
