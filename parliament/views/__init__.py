"""The parliament's pages, one module per area; parliament/urls.py lists every address."""
