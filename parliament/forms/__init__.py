"""The parliament's forms, one module per area."""
