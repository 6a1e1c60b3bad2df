"""The compliance page and command, on the demo district."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Community, Role, User
from community.models import FundPlan, RecordState
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    return timezone.localdate().year


def test_demo_plans_show_the_boundary_cases(demo):
    plans = {p.community.name: p for p in FundPlan.objects.filter(year=demo)}
    assert plans["雨花新村社区"].state == RecordState.APPROVED
    assert plans["花神庙社区"].state == RecordState.SUBMITTED


def test_compliance_command_json_and_exit_code(demo):
    out = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("compliance", year=demo, format="json", stdout=out, stderr=StringIO())
    assert exited.value.code == 1
    rows = {row["community"]: row for row in json.loads(out.getvalue())}
    assert len(rows) == Community.objects.count()
    assert rows["雨花新村社区"]["project_share"] == "50.00"
    assert rows["雨花新村社区"]["fund_passes"] is True
    assert rows["花神庙社区"]["project_share"] == "49.99"
    assert rows["花神庙社区"]["project_based"] == "149999.99"
    assert rows["花神庙社区"]["fund_passes"] is False
    assert rows["共青团路社区"]["home_care_share"] == "37.50"
    assert rows["共青团路社区"]["home_care_passes"] is False
    assert rows["共青团路社区"]["designated_passes"] is True
    assert set(rows["新林社区"]) >= {
        "fund",
        "project_based",
        "project_share",
        "total_area",
        "designated_share",
        "home_care_share",
        "open_share",
        "fund_passes",
        "space_passes",
    }


def test_compliance_command_exits_0_when_all_comply(db):
    for community in Community.objects.all():
        community.delete()
    out = StringIO()
    call_command("compliance", year=2026, stdout=out)
    assert "street" in out.getvalue()


def test_compliance_page_scopes_and_colours(client, demo):
    client.force_login(User.objects.get(username="demo_street"))
    response = client.get(reverse("community:compliance", args=[demo]))
    html = response.content.decode()
    streets = response.context["streets"]
    assert list(streets) == ["雨花街道"]
    assert 'data-community="花神庙社区"' in html
    assert "49.99%" in html
    assert 'data-community="新林社区"' not in html


def test_community_staff_see_only_their_community_and_others_plan_is_404(client, demo):
    staff = User.objects.get(username="demo_community")
    client.force_login(staff)
    response = client.get(reverse("community:compliance", args=[demo]))
    assert [
        row.community.name for rows in response.context["streets"].values() for row in rows
    ] == ["雨花新村社区"]
    other = FundPlan.objects.get(year=demo, community__name="花神庙社区")
    assert client.get(reverse("community:plan", args=[other.pk])).status_code == 404
    assert client.get(reverse("community:allocation_add", args=[other.pk])).status_code == 404


def test_compliance_page_query_count_does_not_grow_with_communities(client, demo):
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as everything:
        client.get(reverse("community:compliance", args=[demo]))
    client.force_login(User.objects.get(username="demo_street"))
    with CaptureQueriesContext(connection) as one_street:
        client.get(reverse("community:compliance", args=[demo]))
    assert len(everything) == len(one_street)


def test_officer_cannot_approve_the_plan_at_49_99_and_is_told_why(client, demo):
    client.force_login(User.objects.get(username="demo_officer"))
    plan = FundPlan.objects.get(year=demo, community__name="花神庙社区")
    response = client.post(
        reverse("community:plan_approve", args=[plan.pk]),
        {"seen_state": "submitted"},
    )
    assert response.status_code == 409
    assert "项目化运作 149,999.99 元，占 49.99%，低于 50%。" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == RecordState.SUBMITTED


def test_a_bad_allocation_keeps_what_was_typed(client, demo):
    staff = User.objects.get(username="demo_community")
    plan = FundPlan.objects.get(year=demo, community=staff.community)
    client.force_login(staff)
    response = client.post(
        reverse("community:allocation_add", args=[plan.pk]),
        {"use": "project_based", "amount": "abc", "note": "新的助老项目"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "新的助老项目" in html
    assert "请选择这笔经费支持的项目。" in html


def _names(response) -> list[str]:
    return [row.community.name for rows in response.context["streets"].values() for row in rows]


def test_the_page_lists_a_page_of_communities_at_a_time(client, demo, monkeypatch):
    from community.views import compliance

    monkeypatch.setattr(compliance, "COMMUNITIES_PER_PAGE", 5)
    client.force_login(User.objects.get(username="demo_officer"))
    url = reverse("community:compliance", args=[demo])
    first = client.get(url)
    total = Community.objects.count()
    assert len(_names(first)) == 5
    assert first.context["total"] == total  # the count is the whole area's
    html = first.content.decode()
    assert "?page=2" in html
    pages = -(-total // 5)
    last = client.get(url, {"page": str(pages)})
    assert len(_names(last)) == total - 5 * (pages - 1)
    assert set(_names(first)).isdisjoint(_names(last))
    assert client.get(url, {"page": "abc"}).status_code == 200  # the first page


def test_the_page_filters_by_street_and_by_what_breaks_a_rule(client, demo):
    client.force_login(User.objects.get(username="demo_officer"))
    url = reverse("community:compliance", args=[demo])
    street = Community.objects.get(name="花神庙社区").street
    by_street = client.get(url, {"street": street.pk})
    assert set(_names(by_street)) == set(street.communities.values_list("name", flat=True))
    breaking = client.get(url, {"breaking": "on"})
    rows = [row for rows in breaking.context["streets"].values() for row in rows]
    assert rows
    assert not any(row.passes for row in rows)
    assert "花神庙社区" in _names(breaking)  # 49.99 %
    assert "雨花新村社区" not in _names(breaking)
    assert breaking.context["failing"] == len(rows)


def test_a_street_out_of_ones_area_is_refused_beside_the_field(client, demo):
    client.force_login(User.objects.get(username="demo_street"))
    url = reverse("community:compliance", args=[demo])
    other = Community.objects.exclude(street__name="雨花街道").first().street
    response = client.get(url, {"street": other.pk})
    assert response.status_code == 200
    assert response.context["filter"].errors["street"]
    assert _names(response) == []


def test_a_page_number_alone_is_not_taken_for_a_filter(client, db):
    client.force_login(user_with_role(Role.OFFICER))
    url = reverse("community:compliance", args=[2026])
    assert "没有符合条件的社区" not in client.get(url, {"page": "2"}).content.decode()
    filtered = client.get(url, {"breaking": "on"}).content.decode()
    assert "没有符合条件的社区" in filtered


def test_the_filters_fold_says_sorting_only_where_there_is_some(client, db):
    client.force_login(user_with_role(Role.OFFICER))
    compliance = client.get(reverse("community:compliance", args=[2026])).content.decode()
    assert "筛选条件</summary>" in compliance
    assert "筛选与排序" not in compliance
    projects = client.get(reverse("grants:project_list")).content.decode()
    assert "筛选与排序</summary>" in projects
