"""Every list page opens with the same head (partials/list_header.html through the
``list_header`` block tag): title, count, the Excel export with the list's own query, and
the page's own actions."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from tests.factories import CallFactory, ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_the_head_has_title_count_export_with_query_and_the_pages_actions():
    template = Template(
        "{% load pages %}"
        '{% list_header title="项目" count="共 3 个项目" export_url="/x.xlsx" export_query=q %}'
        '<a class="button" href="/new/">新建</a>'
        "{% endlist_header %}"
    )
    html = template.render(Context({"q": "state=draft&q=%3Cb%3E"}))
    assert "<h1>项目</h1>" in html
    assert '<p class="count" data-testid="result-count">共 3 个项目</p>' in html
    assert 'href="/x.xlsx?state=draft&amp;q=%3Cb%3E" data-testid="export"' in html
    assert '<a class="button" href="/new/">新建</a>' in html


def test_without_an_export_or_a_count_the_head_shows_neither_and_titles_are_escaped():
    html = Template(
        '{% load pages %}{% list_header title="排名："|add:call_title %}{% endlist_header %}'
    ).render(Context({"call_title": "<i>2026</i>"}))
    assert "<h1>排名：&lt;i&gt;2026&lt;/i&gt;</h1>" in html
    assert "data-testid" not in html


def test_the_project_list_exports_exactly_its_filtered_rows(client, officer):
    ProjectFactory(budget=[])
    client.force_login(officer)
    html = client.get(reverse("grants:project_list"), {"state": "draft"}).content.decode()
    assert 'class="page-head list-head"' in html
    assert f'href="{reverse("reports:projects_xlsx")}?state=draft" data-testid="export"' in html
    assert "共 1 个项目" in html


@pytest.mark.parametrize(
    ("url_name", "role", "count"),
    [
        ("grants:project_list", Role.OFFICER, "共 0 个项目"),
        ("grants:tranche_ledger", Role.FINANCE, "共 0 期"),
        ("grants:programme_list", Role.OFFICER, "共 1 个资助计划"),
        ("grants:call_list", Role.OFFICER, "共 1 个申报批次"),
        ("experts:list", Role.OFFICER, "共 0 位专家"),
        ("organisation_list", Role.OFFICER, "共 0 家"),
        ("reviews:ranking", Role.OFFICER, "共 0 个项目"),
    ],
)
def test_every_list_page_opens_with_the_list_head(client, url_name, role, count):
    call = CallFactory()
    args = [call.pk] if url_name == "reviews:ranking" else []
    client.force_login(user_with_role(role))
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="page-head list-head"') == 1
    assert count in html


def test_the_tag_renders_without_a_request_in_the_context():
    request = RequestFactory().get("/")
    html = Template('{% load pages %}{% list_header title="t" %}x{% endlist_header %}').render(
        Context({"request": request})
    )
    assert "list-head__actions" in html
