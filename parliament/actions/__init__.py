"""Writes that touch several models, one module per area, each in one transaction."""
