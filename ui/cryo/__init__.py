"""The Cryo storage area: storage map, cane view, search, freeze, move, thaw, discard, expiry."""
