"""Small rules about text shared by the mail and the calendar feeds."""

from __future__ import annotations


def one_line(text: str) -> str:
    """The text on one line, its runs of white space (line breaks among them) one space: for a mail
    header (a subject made of a comment may hold line breaks, which mail refuses) or a calendar's
    single-line property (a line break there would start a property of its own)."""
    return " ".join(str(text).split())
