"""Today: what the lab has on for a day."""
