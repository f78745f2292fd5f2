"""The one exception for a write the rules do not allow now (a wrong state, a missing right, a rule of
the regulations): `message` says why, translated, for the person who tried. Views show it; nothing is
half-saved, because the write raises it inside its transaction."""


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)
