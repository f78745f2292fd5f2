"""Methodological associations (MB-…): models arrive with their issue."""
