"""The one exception for a write the rules do not allow now (a wrong state, a missing right, a rule of
the regulations): `message` says why, translated, for the person who tried. Views show it; nothing is
half-saved, because the write raises it inside its transaction."""

from django.core.exceptions import ValidationError


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


def check(record) -> None:
    """The record's own rules (its model's clean()), as a refusal with their messages: a write keeps the
    rules whoever calls it, the admin and the site alike."""
    try:
        record.clean()
    except ValidationError as error:
        raise Refused(" ".join(error.messages)) from None
