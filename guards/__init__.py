"""Wijkvraag guards package."""
