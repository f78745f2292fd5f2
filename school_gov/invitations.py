"""Invitations to sign in for the first time: how a secret is made and kept, how long it works, and
the username a person is offered (their name in Latin letters). The writes are
school_gov.actions.accounts; the pages school_gov.accounts."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.utils.crypto import salted_hmac

from school_gov.codes import normalize_code
from school_gov.models import Staff, Student

VALID_FOR = datetime.timedelta(days=7)

# Kyrgyz and Russian Cyrillic in Latin letters, as Kyrgyz passports write names.
LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ng",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ү": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}


def latin(text: str) -> str:
    """The text in lowercase Latin letters and digits only."""
    out = []
    for ch in text.lower():
        if ch in LATIN:
            out.append(LATIN[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
    return "".join(out)


def propose_username(record: Staff | Student) -> str:
    """ "b.asanov" for Асанов Бакыт; a number follows when the name is taken ("b.asanov2")."""
    base = ".".join(part for part in (latin(record.name)[:1], latin(record.surname)) if part) or "user"
    taken = set(
        get_user_model().objects.filter(username__istartswith=base).values_list("username", flat=True)
    )
    taken = {name.lower() for name in taken}
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def new_link_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The stored form of a link's token or a slip's code (keyed with SECRET_KEY; the secret itself is
    never stored). A slip's code is read as printed (normalize_code), a link's token as it is."""
    value = secret if len(secret) > 16 else normalize_code(secret)
    return salted_hmac("school_gov.invitation", value, algorithm="sha256").hexdigest()
