"""Outcomes records on screen: the man's work-up, treatment before retrieval, cycle outcomes."""
