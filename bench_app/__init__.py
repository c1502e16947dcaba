"""Bench: the Qt-free core of the andrology and embryology lab assistant."""

__version__ = "0.1.0"
