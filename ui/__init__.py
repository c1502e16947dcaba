"""Bench's desktop UI (PySide6). It calls bench_app.services and never touches persistence."""
