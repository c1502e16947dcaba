"""Small building blocks shared by every area: forms with field errors, dates, table models."""
