from django.utils.functional import SimpleLazyObject


def unread(request) -> dict:
    """The unread count beside the inbox in the navigation: one query, only on a page that shows it (the
    admin's and the printed pages do not)."""
    person = getattr(request, "person", None)
    if person is None or not person.is_authenticated:
        return {}
    from notifications.permissions import has_calendar
    from notifications.views import unread_count

    return {
        "unread_notifications": SimpleLazyObject(lambda: unread_count(person)),
        "nav_calendar": has_calendar(person),
    }
