from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The address of another page of a list, keeping the list's filters (search, status, term…)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.filter
def nav_current(item, path: str) -> bool:
    """Whether the navigation's entry (school_gov.context_processors.NavItem) or one of its pages is open."""
    return item.is_current(path)


@register.filter
def field_errors(form) -> list[tuple[object, str]]:
    """(bound field, message) for each error a form's fields have, in the form's order: the summary on top
    of a page whose form was refused (templates/_error_summary.html)."""
    if not getattr(form, "is_bound", False) or not hasattr(form, "visible_fields"):
        return []
    return [(field, error) for field in form.visible_fields() for error in field.errors]
