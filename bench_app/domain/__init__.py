"""Plain domain vocabulary, rules and calculations: no database, no Qt."""
