"""The Sperm retrieval area: procedures, samples received from theatre, processing, findings."""
