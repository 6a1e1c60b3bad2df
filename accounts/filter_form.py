"""A list's filter form, written once per process for the same inputs.

The filters of a list (nine fields, five of them choosers of up to fifty rows) cost a
third of the list page's CPU to write, for HTML that is the same on every view with the
same query: it depends only on the query's values of its fields, on the rows its choosers
offer to this user (``accounts.choosers.CHOOSERS``: their scope and generation), on the
language and on the page's address. ``filter_form`` keeps the HTML under exactly those,
in this process's memory — a new release restarts the processes, so a changed template is
never served from before — and writes it afresh for any other.

It keeps only forms of ``ScopedFilterSet`` whose every filter is a chooser or chooses
from fixed choices (``keeps_its_html``); any other form, or one written inside a
transaction, is written each time.
"""

from functools import cache

import django_filters
from django.db import connection
from django.forms import MultiWidget
from django.http import HttpRequest
from django.template import engines
from django.utils.translation import get_language
from markupsafe import Markup

from accounts import generations
from accounts.choosers import CHOOSERS, ChooserFilter, ScopedFilterSet
from accounts.written_html import WrittenHtml

BODY = "partials/filter_form_body.html"
KEPT = 500  # forms kept per process; all are dropped when more are asked for

_written = WrittenHtml(KEPT)


def filter_form(filterset: django_filters.FilterSet, request: HttpRequest) -> Markup:
    """The filter form of ``filterset`` on this page (``partials/filter_form_body.html``)."""

    def write() -> Markup:
        template = engines["jinja2"].env.get_template(BODY)  # type: ignore[attr-defined]
        # Written by the autoescaping environment of the pages.
        return Markup(template.render(filter=filterset, request=request))  # noqa: S704

    key = _inputs(filterset, request)
    if key is None or connection.in_atomic_block:
        return write()
    return _written.get(key, write)


def _inputs(filterset: django_filters.FilterSet, request: HttpRequest) -> tuple | None:
    """Everything the form's HTML depends on, or None when that is not known."""
    if not isinstance(filterset, ScopedFilterSet) or not keeps_its_html(type(filterset)):
        return None
    query = request.GET
    return (
        type(filterset).__module__,
        type(filterset).__qualname__,
        CHOOSERS.token(),
        generations.scope_of(filterset.user),
        get_language(),
        request.path,
        bool(query),
        tuple((name, tuple(query.getlist(name))) for name in filterset.form.fields),
    )


@cache
def keeps_its_html(filterset_class: type[ScopedFilterSet]) -> bool:
    """Whether every filter is a chooser (its rows follow the generation) or chooses
    from fixed choices written in the code, each field's value under its own name."""
    for chooser in filterset_class.base_filters.values():
        if isinstance(chooser, ChooserFilter):
            continue
        if isinstance(
            chooser, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
        ):
            return False
        widget = chooser.extra.get("widget", chooser.field_class.widget)
        widget_class = widget if isinstance(widget, type) else type(widget)
        if callable(chooser.extra.get("choices")) or issubclass(widget_class, MultiWidget):
            return False
    return True
