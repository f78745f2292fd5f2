"""The admin of the methodological associations: where the deputy director and the director work.

Plans and year-end reports are read-only here for everyone (heads edit them on the site); the deputy and
the director act on them with the workflow steps (MB-5.1, MB-5.3): list actions and buttons on the page,
each calling the model's transition method, which checks the person and the state itself.
"""

from methodology.admin import associations, observations, plans, reports  # noqa: F401 - they register the admins
