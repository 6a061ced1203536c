"""Wijkvraag warehouse package."""
