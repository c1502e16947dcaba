"""Use cases: transactions, permission checks, audit and witness enforcement; frozen DTOs out."""
