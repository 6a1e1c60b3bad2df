"""Template tags for paginated, filtered lists."""

from django import template
from django.utils.safestring import SafeString

from accounts.templatetags.layout import render_partial

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, page_number: int) -> str:
    """The current query string with ``page`` replaced, so filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


@register.simple_block_tag
def list_header(
    content: str,
    *,
    title: str,
    count: str = "",
    export_url: str = "",
    export_query: str = "",
) -> SafeString:
    """The head of a list page (the Jinja2 ``partials/list_header.html``), the page's other
    actions written between ``{% list_header %}`` and ``{% endlist_header %}``."""
    values = {
        "title": title,
        "count": count,
        "export_url": export_url,
        "export_query": export_query,
        "actions": content,
    }
    return render_partial("partials/list_header.html", values)
