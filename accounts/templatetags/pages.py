"""Template tags for paginated, filtered lists."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, page_number: int) -> str:
    """The current query string with ``page`` replaced, so filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()
