"""The Jinja2 environment: the layout every page shares, its partials, and the busiest pages
(the project list, the home pages, the project page) render with it.

Issue 17 asks that those pages cost at most four times the CPU of ``/healthz``; the Django
template language spent more than half of their time walking nodes. Jinja2 compiles a
template to Python once, and renders the same page in a fraction of the time. The other
pages keep the Django template language: its ``base.html`` hands its blocks to the same
``layout.html`` (``accounts/templatetags/layout.py``), so the layout is written once.

Strings are translated with Django's own catalogue: ``{{ _("…") }}``, and ``{% trans %}``
blocks (``{% pluralize %}`` for plural sentences) whose message ids are those of the
``{% blocktranslate %}`` they replace. Our ``makemessages`` reads them
(operations/management/commands/makemessages.py).
"""

from collections.abc import Callable, Hashable
from datetime import date, datetime
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.template import defaultfilters
from django.template.backends.utils import csrf_input
from django.templatetags.l10n import unlocalize
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.functional import lazy
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import (
    get_language,
    get_language_info,
    gettext,
    ngettext,
    npgettext,
    pgettext,
)
from django_htmx.jinja import htmx_script
from jinja2 import Environment
from markupsafe import Markup

from accounts.addresses import address
from accounts.templatetags import choices
from accounts.written_html import WrittenHtml
from grants.templatetags import delivery, money, projects

# The Django template filters of these libraries, the same functions under the same names.
FILTER_LIBRARIES = (choices, money, projects, delivery)


def environment(**options: Any) -> Environment:
    options.pop("autoescape", None)  # Django's backend passes True; never anything else
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=False, pgettext=pgettext, npgettext=npgettext
    )
    from accounts.filter_form import filter_form
    from grants.project_parts import kept_part

    env.globals.update(
        url=address,
        filter_form=filter_form,
        kept_part=kept_part,
        written_once=written_once,
        static=static,
        htmx_script=htmx_script,
        current_language=get_language,
        languages=languages,
    )
    for library in FILTER_LIBRARIES:
        env.filters.update(library.register.filters)
    # Django's own filters that the pages use, under their names.
    env.filters.update(
        date=local_date,
        truncatechars=defaultfilters.truncatechars,
        linebreaksbr=defaultfilters.linebreaksbr,
        unlocalize=unlocalize,
    )
    return env


def widget_environment(**options: Any) -> Environment:
    """The widgets' environment: Django's (``config/form_renderer.py``) and one filter."""
    options.pop("autoescape", None)  # Django's backend passes True; never anything else
    env = Environment(autoescape=True, **options)
    env.filters["html_attributes"] = html_attributes
    return env


def html_attributes(attrs: dict[str, Any]) -> Markup:
    """A widget's attributes as Django's ``attrs.html`` writes them: `` name="value"``
    each, a True one by its name alone, a False one not at all."""
    return Markup("").join(
        Markup(" %s") % name if value is True else Markup(' %s="%s"') % (name, value)
        for name, value in attrs.items()
        if value is not False
    )


# The formats the pages use most, written by strftime: Django's formatter costs the
# project page, which shows forty dates, over a millisecond.
STRFTIME = {"Y-m-d": "%Y-%m-%d", "Y-m-d H:i": "%Y-%m-%d %H:%M"}


def local_date(value: Any, format: str | None = None) -> str:
    """Django's ``|date`` on a moment in the current time zone, as the template language
    hands it over (``expects_localtime``)."""
    value = template_localtime(value)
    # A day (no time) takes only the day's format; Django's refuses it a time.
    day_only = format == "Y-m-d" and isinstance(value, date)
    if format in STRFTIME and (isinstance(value, datetime) or day_only):
        return value.strftime(STRFTIME[format])
    return defaultfilters.date(value, format)


BLOCKS = WrittenHtml(kept=300)


def written_once(name: str, *values: Hashable, caller: Callable[[], str]) -> Markup:
    """``{% call written_once("project-rows", page.object_list) %}…{% endcall %}``: a
    block that is a function of ``values`` alone (and of the language and the script prefix
    its addresses start with), written once per process for the same values. Rows read as
    values (``ProjectQuerySet.rows``) are their own key: a changed row is another key."""
    key = (name, get_language(), get_script_prefix(), *map(_as_key, values))
    # Written by this autoescaping environment.
    return BLOCKS.get(key, lambda: Markup(caller()))  # noqa: S704


def _as_key(value: Any) -> Hashable:
    """A list as a tuple; never a model instance, which compares by its primary key alone
    (a changed row would be read as the same)."""
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return tuple(_as_key(item) for item in value)
    if isinstance(value, Model):
        raise TypeError(f"{type(value).__name__} is not a value: read it with values_list")
    return value


def csrf_once(request: HttpRequest) -> dict[str, Any]:
    """A context processor: the CSRF field of a page written once, at its first use.
    Django's ``csrf_input`` masks the token anew at each use (60 µs), and the project
    page writes one a form."""
    return {"csrf_input": lazy(cache(partial(csrf_input, request)), SafeString)()}


def languages() -> list[dict[str, Any]]:
    """The languages offered, each with its own name (the language switch)."""
    return [get_language_info(code) for code, _name in settings.LANGUAGES]
