"""The application shell: main window, sign-in and idle lock, scan field, area registry."""
