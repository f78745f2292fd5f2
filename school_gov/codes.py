"""One-time codes people type from a printed slip: the presidential election's vote codes (SP-1.4) and
the sign-in invitations of students without an e-mail address. Eight characters a child reads without
confusing them (no 0/O, 1/I), printed as "ABCD-EFGH"; what was typed is read back as printed."""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# A Kyrgyz keyboard types Cyrillic letters that look like the Latin ones on the printed slip.
_CYRILLIC_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")


def normalize_code(code: str) -> str:
    """What was typed, as printed: capitals, no spaces or dashes, Cyrillic look-alikes as Latin."""
    return "".join(ch for ch in code.upper().translate(_CYRILLIC_LOOKALIKES) if ch.isalnum())


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
