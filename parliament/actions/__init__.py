"""Writes that touch several models, one module per area, each in one transaction."""

import datetime

# A create the same person repeats within this time is a double submit (two clicks, two requests at
# once): the action refuses it instead of keeping two copies (issue 16: appeals and proposals).
REPEAT_WINDOW = datetime.timedelta(minutes=1)
