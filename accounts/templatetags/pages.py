"""Template tags for paginated, filtered lists."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, page_number: int) -> str:
    """The current query string with ``page`` replaced, so filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = page_number
    return "?" + query.urlencode()


@register.simple_block_tag(takes_context=True)
def list_header(
    context: template.Context,
    content: str,
    *,
    title: str,
    count: str = "",
    export_url: str = "",
    export_query: str = "",
) -> str:
    """The head of a list page (``partials/list_header.html``): the title, how many rows
    (the page's own plural sentence), the Excel export (with the list's query, so it has
    the rows the list shows), and the page's other actions, written between
    ``{% list_header %}`` and ``{% endlist_header %}``."""
    partial = context.template.engine.get_template("partials/list_header.html")
    if export_url and export_query:
        export_url = f"{export_url}?{export_query}"
    values = {"title": title, "count": count, "export_url": export_url, "actions": content}
    return partial.render(context.new(values))
