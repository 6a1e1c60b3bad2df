"""The Jinja2 pages (config/jinja2.py) and the template language's pages share one layout,
and the helpers the Jinja2 pages use give what Django's own would."""

import re
from collections import namedtuple
from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.test import Client, RequestFactory
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from accounts.addresses import address as url
from accounts.choice_labels import choice_label
from config.jinja2 import local_date
from grants.models import Project, ProjectState
from tests.factories import ProjectFactory


def _header(html: str) -> str:
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    header = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", header)
    header = re.sub(r'value="/[^"]*"', "", header)  # the language switch's way back
    header = header.replace(' aria-current="page"', "")
    return re.sub(r"\s+", " ", header).replace("> <", "><")


@pytest.mark.django_db
def test_a_jinja2_page_and_a_template_language_page_have_the_same_layout(client, officer):
    client.force_login(officer)
    jinja2_page = client.get(reverse("grants:project_list")).content.decode()
    django_page = client.get(reverse("grants:call_list")).content.decode()
    assert _header(jinja2_page) == _header(django_page)
    assert officer.display_name in _header(jinja2_page)
    for page in (jinja2_page, django_page):
        assert page.count('class="site-footer"') == 1
        assert page.count('<main id="main" class="page">') == 1


@pytest.mark.django_db
def test_base_html_puts_each_block_of_a_page_where_the_layout_has_it(officer):
    page = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}T{% endblock %}'
        '{% block head %}<meta name="x">{% endblock %}{% block content %}<p>C</p>{% endblock %}'
    )
    request = RequestFactory().get("/")
    request.user = officer
    html = page.render({}, request)
    assert re.search(r"<title>T · ", html)
    assert html.index('<meta name="x">') < html.index("</head>")
    assert html.index('<main id="main"') < html.index("<p>C</p>") < html.index("</main>")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_choice_label_is_what_get_display_gives(language):
    with translation.override(language):
        for state in ProjectState.values:
            project = Project(state=state)
            assert choice_label(project, "state") == project.get_state_display()
        assert choice_label(Project(state="no-such-state"), "state") == "no-such-state"


@pytest.mark.parametrize("format", ["Y-m-d", "Y-m-d H:i", "c", None])
@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 12, 2, 20, 30, tzinfo=UTC),  # the 3rd, at 04:30 in Beijing
        datetime(2026, 12, 3, 1, 5, tzinfo=UTC),
        date(2026, 2, 28),
        None,
        "",
    ],
)
def test_dates_read_as_the_template_language_shows_them(value, format):
    if isinstance(value, date) and not isinstance(value, datetime) and format == "Y-m-d H:i":
        for filter in (local_date, django_date):  # a day has no time: both refuse it
            with pytest.raises(TypeError):
                filter(value, format)
        return
    with timezone.override("Asia/Shanghai"):
        localised = timezone.template_localtime(value)
        assert local_date(value, format) == django_date(localised, format)
    if isinstance(value, datetime):
        with timezone.override("Asia/Shanghai"):
            assert local_date(datetime(2026, 12, 2, 20, 30, tzinfo=UTC), "Y-m-d") == "2026-12-03"


def test_url_is_what_reverse_gives_under_each_script_prefix():
    """``url`` remembers each address; the prefix a request runs under is part of the key."""
    assert url("grants:project_detail", 7) == "/grants/projects/7/"
    set_script_prefix("/gongyi/")
    try:
        assert url("grants:project_detail", 7) == "/gongyi/grants/projects/7/"
        assert url("grants:project_detail", 7) == reverse("grants:project_detail", args=[7])
    finally:
        set_script_prefix("/")
    assert url("grants:project_detail", 7) == "/grants/projects/7/"
    assert url("grants:project_detail", pk=8) == "/grants/projects/8/"


@pytest.mark.django_db
def test_a_page_writes_its_csrf_field_once_and_every_form_of_it_posts(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    project = ProjectFactory(state=ProjectState.SUBMITTED)
    page = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) >= 3  # the header's log-out, the language switch, the actions
    assert len(set(tokens)) == 1
    answer = client.post(
        reverse("grants:project_action", args=[project.pk, "mark_ineligible"]),
        {"csrfmiddlewaretoken": tokens[0], "seen_state": "submitted", "mark_ineligible-reason": ""},
    )
    assert answer.status_code == 400  # through the CSRF check, to the form's own refusal


def _rows_template():
    return engines["jinja2"].from_string(
        '{% call written_once("test-rows", rows) %}'
        "{% for row in rows %}<a href=\"{{ url('grants:project_detail', row.id) }}\">"
        "{{ row.title }}</a> {{ _('Budget') }}{% endfor %}{% endcall %}"
    )


@pytest.mark.django_db
def test_a_block_written_once_is_keyed_by_its_values_language_and_prefix(monkeypatch):
    from config import jinja2 as pages

    pages.BLOCKS.clear()
    Row = namedtuple("Row", "id title")
    written = []
    real_get = pages.BLOCKS.get
    monkeypatch.setattr(
        pages.BLOCKS,
        "get",
        lambda key, write: real_get(key, lambda: written.append(key) or write()),
    )
    template = _rows_template()
    rows = [Row(1, "甲"), Row(2, "乙")]
    with translation.override("zh-hans"):
        first = template.render({"rows": rows})
        assert template.render({"rows": list(rows)}) == first
        assert len(written) == 1
        assert "预算" in first
        changed = template.render({"rows": [Row(1, "甲（改）"), Row(2, "乙")]})
        assert "甲（改）" in changed
    with translation.override("en"):
        assert "Budget" in template.render({"rows": rows})
    set_script_prefix("/gongyi/")
    try:
        with translation.override("zh-hans"):
            assert "/gongyi/grants/projects/1/" in template.render({"rows": rows})
    finally:
        set_script_prefix("/")
    assert len(written) == 4


@pytest.mark.django_db
def test_a_model_instance_is_never_a_key_of_a_block_written_once():
    project = ProjectFactory()
    with pytest.raises(TypeError):
        _rows_template().render({"rows": [project]})
