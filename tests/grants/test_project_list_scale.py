"""The project list at scale (issue 17): keyset pages in every sort give exactly the rows
of the whole sorted list, the page links walk it both ways, the query count does not grow
with the rows, the SQL reads no DISTINCT and no column the list does not show, and counts
past the threshold are estimates shown as such."""

import random
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from grants import counting
from grants.filters import PROJECT_SORTS
from grants.models import Project, ProjectState, Tranche, TrancheStatus
from tests.factories import CallFactory, ProjectFactory, SocialOrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

URL = "/grants/projects/"
PER_PAGE = 25
STATES = [ProjectState.DRAFT, ProjectState.SUBMITTED, ProjectState.APPROVED]


def _projects(how_many: int, *, seed: int = 7) -> list[Project]:
    """Projects with many ties on every sort key (and empty approved amounts)."""
    rng = random.Random(seed)
    organisation, call = SocialOrganisationFactory(), CallFactory()
    projects = []
    moments = [timezone.now() - timezone.timedelta(days=day) for day in range(4)]
    for _ in range(how_many):
        requested = Decimal(rng.choice(["1000.00", "2000.00", "3000.00"]))
        approved = rng.choice([None, requested, Decimal("500.00")])
        projects.append(
            ProjectFactory(
                organisation=organisation,
                call=call,
                title=f"项目{rng.randint(1, 5)}",
                requested_amount=requested,
                approved_amount=approved,
                state=rng.choice(STATES),
                budget=[],
            )
        )
        Project.objects.filter(pk=projects[-1].pk).update(created_at=rng.choice(moments))
    return projects


def _titles_and_ids(response) -> list[int]:
    return [row.id for row in response.context["page"].object_list]


def _expected(sort: str) -> list[int]:
    name = sort.removeprefix("-")
    down = sort.startswith("-")
    rows = list(Project.objects.all())
    keys = PROJECT_SORTS[name]
    rows.sort(key=lambda row: [key.value_of(row) for key in keys], reverse=down)
    return [row.pk for row in rows]


def _follow(client, link: str, query: dict) -> tuple:
    params = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, params


@pytest.mark.parametrize("sort", ["", *[f"{d}{n}" for n in PROJECT_SORTS for d in ("", "-")]])
def test_keyset_pages_walk_the_whole_sorted_list_both_ways(client, officer, sort):
    _projects(60)
    client.force_login(officer)
    expected = _expected(sort or "-created")
    query = {"sort": sort} if sort else {}

    response = client.get(URL, query)
    seen, numbers = _titles_and_ids(response), [response.context["page"].number]
    while response.context["page"].has_next:
        response, params = _follow(client, response.context["page"].next_link, query)
        assert params.get("sort", "") == sort  # the filters survive paging
        seen += _titles_and_ids(response)
        numbers.append(response.context["page"].number)
    assert seen == expected
    assert numbers == [1, 2, 3]
    assert response.context["page"].num_pages == 3

    last = client.get(URL, {**query, "page": "last"})
    assert _titles_and_ids(last) == expected[50:]
    assert last.context["page"].number == 3
    back = _titles_and_ids(last)
    response = last
    while response.context["page"].has_previous:
        response, _params = _follow(client, response.context["page"].previous_link, query)
        back = _titles_and_ids(response) + back
    assert back == expected
    assert response.context["page"].number == 1

    jumped = client.get(URL, {**query, "page": "2"})
    assert _titles_and_ids(jumped) == expected[25:50]


def test_page_numbers_past_the_jump_range_land_on_the_last_page(client, officer):
    _projects(30)
    client.force_login(officer)
    response = client.get(URL, {"page": "999"})
    assert _titles_and_ids(response) == _expected("-created")[25:]
    assert client.get(URL, {"after": "not-a-cursor"}).status_code == 200


def test_pagination_links_on_the_page(client, officer):
    _projects(60)
    client.force_login(officer)
    html = client.get(URL, {"page": "2"}).content.decode()
    for label in ("首页", "上一页", "下一页", "末页", "第 2 页，共 3 页"):
        assert label in html, label
    assert 'aria-current="page">2<' in html


def _queries(client, how_many: int, query: dict) -> int:
    Project.objects.all().delete()
    projects = _projects(how_many, seed=how_many)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, query)
    assert response.status_code == 200
    return len(queries), projects


@pytest.mark.parametrize(
    "query",
    [{}, {"state": "submitted", "sort": "-requested"}, {"page": "last"}, {"sort": "approved"}],
)
def test_the_list_runs_the_same_queries_for_5_and_60_projects(client, officer, query):
    client.force_login(officer)
    few, _ = _queries(client, 5, query)
    many, _ = _queries(client, 60, query)
    assert few == many


def test_the_list_reads_only_its_columns_and_no_distinct(client, officer):
    _projects(5)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"state": ["submitted", "draft"], "q": "项目", "sort": "-approved"})
    listed = [q["sql"] for q in queries if "needs_analysis" in q["sql"] or "ORDER BY" in q["sql"]]
    assert listed
    for sql in listed:
        assert "DISTINCT" not in sql.upper()
        assert "needs_analysis" not in sql
        assert "service_content" not in sql


def test_counts_past_the_threshold_are_estimates(db):
    _projects(12)
    counted = counting.tallies(
        {"all": Project.objects.all(), "none": Project.objects.filter(title="无")},
        exact_up_to=5,
    )
    assert counted["none"] == 0
    assert not counted["none"].estimated
    if connection.vendor == "postgresql":
        assert counted["all"].estimated
        assert counted["all"] >= 6
        assert str(counted["all"]).startswith(("约 ", "about "))
    else:
        assert counted["all"] == 12
        assert not counted["all"].estimated


def test_counts_and_their_estimates_are_one_query(db):
    _projects(12)
    asked = {
        "all": Project.objects.all(),
        "some": Project.objects.filter(title__contains="%'项目"),  # quoted into the estimate
        "none": Project.objects.filter(pk__in=[]),  # matches nothing without asking
    }
    with CaptureQueriesContext(connection) as queries:
        counted = counting.tallies(asked, exact_up_to=5)
    assert len(queries) == 1
    assert "EXPLAIN" not in queries[0]["sql"]
    assert counted["some"] == counted["none"] == 0
    assert counted["all"] >= 6
    assert counted["all"].estimated == (connection.vendor == "postgresql")


def test_an_estimated_count_reads_as_one(client, officer, monkeypatch):
    _projects(8)
    client.force_login(officer)
    monkeypatch.setattr(counting, "tally", lambda qs, **kw: counting.Tally(80_000, estimated=True))
    monkeypatch.setattr("grants.keyset.tally", counting.tally)
    html = client.get(URL).content.decode()
    assert "约 80,000 个项目" in html
    assert "共 " not in html.split('data-testid="result-count">')[1][:20]


def test_officer_home_runs_the_same_queries_for_5_and_50_waiting(client):
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)

    def queries(how_many: int) -> int:
        call = CallFactory()
        for _ in range(how_many):
            ProjectFactory(call=call, state=ProjectState.SUBMITTED, budget=[])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    assert queries(5) == queries(45)


def test_finance_home_lists_due_tranches_oldest_first(client):
    finance = user_with_role(Role.FINANCE)
    project = ProjectFactory(state=ProjectState.CONTRACTED, approved_amount=Decimal("100000.00"))
    for sequence in (1, 2):
        Tranche.objects.create(
            project=project,
            sequence=sequence,
            trigger="agreement",
            percent=Decimal("50"),
            amount=Decimal("50000.00"),
            status=TrancheStatus.DUE,
            released_at=timezone.now() - timezone.timedelta(days=sequence),
        )
    client.force_login(finance)
    response = client.get(reverse("home"))
    assert [t.sequence for t in response.context["panels"][0].sections[0].context["due"]] == [2, 1]
    assert response.context["panels"][0].sections[0].context["due_count"] == 2


@pytest.mark.parametrize(
    "values",
    [
        ["2026-01-01T00:00:00+08:00", "99999999999999999999"],
        ["not a date", "1"],
        ["2026-01-01T00:00:00+08:00", "-1.5"],
        ["x\u0000y", "1"],
        ["2026-01-01T00:00:00+08:00"],
        {"a": 1},
    ],
)
def test_a_forged_page_link_shows_a_page_not_an_error(client, officer, values):
    import base64
    import json

    _projects(3)
    client.force_login(officer)
    cursor = base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")
    for name in ("after", "before"):
        for sort in ("", "title", "-approved", "requested"):
            response = client.get(URL, {name: cursor, "sort": sort})
            assert response.status_code == 200
    big = base64.urlsafe_b64encode(json.dumps(["1" * 40, "1"]).encode()).decode()
    assert client.get(URL, {"after": big, "sort": "requested"}).status_code == 200
