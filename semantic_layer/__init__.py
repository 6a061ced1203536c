"""Wijkvraag semantic_layer package."""
