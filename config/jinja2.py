"""The Jinja2 environment: the layout every page shares, its partials, and the busiest pages
(the project list, the home pages, the project page) render with it.

Issue 17 asks that those pages cost at most four times the CPU of ``/healthz``; the Django
template language spent more than half of their time walking nodes. Jinja2 compiles a
template to Python once, and renders the same page in a fraction of the time. The other
pages keep the Django template language: its ``base.html`` hands its blocks to the same
``layout.html`` (``config.templatetags.layout``), so the layout is written once.

Strings are translated with ``_("…")`` (Django's ``gettext``), with ``|format(name=…)``
for placeholders: ``makemessages`` reads that form in any template, so the catalogue keeps
them. Plural sentences are made in Python (``ngettext``), where it reads them too.
"""

from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_info, gettext, ngettext
from django_htmx.jinja import htmx_script
from jinja2 import Environment

from grants.templatetags import delivery, money, projects

# The Django template filters of these libraries, the same functions under the same names.
FILTER_LIBRARIES = (money, projects, delivery)


def environment(**options: Any) -> Environment:
    options.pop("autoescape", None)  # Django's backend passes True; never anything else
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.globals.update(
        url=url,
        static=static,
        htmx_script=htmx_script,
        current_language=get_language,
        languages=languages,
    )
    for library in FILTER_LIBRARIES:
        env.filters.update(library.register.filters)
    return env


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """``{{ url("grants:project_detail", project.pk) }}``, as ``{% url %}`` does."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def languages() -> list[dict[str, Any]]:
    """The languages offered, each with its own name (the language switch)."""
    return [get_language_info(code) for code, _name in settings.LANGUAGES]
