"""Wijkvraag assistant package."""
