"""Printing from the app: a PDF preview with Print and Save as PDF, and the label print dialog."""
