"""Report builders: plain data in, PDF bytes out; no database access."""
