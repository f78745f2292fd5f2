"""The student parliament (SP-…): models arrive with their issue."""
