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
