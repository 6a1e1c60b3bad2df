"""The officer's home page keeps what waits for the district (grants.dashboards.WAITING),
the panels at work (reviews.dashboards.OPEN_PANELS) and the needs to screen
(community.dashboards.NEEDS_TO_SCREEN): read once, shown again without a query, and never
stale after a change to a row they are read from has committed."""

import re

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from community.dashboards import NEEDS_TO_SCREEN, NEEDS_TO_SCREEN_READ
from community.models import NeedState
from grants.dashboards import WAITING, WAITING_READ
from grants.models import ProjectState
from reviews.dashboards import OPEN_PANELS, OPEN_PANELS_READ
from tests.factories import NeedFactory, ProjectFactory, user_with_role

# The cache is used outside transactions only, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
KEPT_TABLES = ('FROM "grants_project"', 'FROM "reviews_panel"', 'FROM "community_need"')


def _home(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def _reading_kept(queries: list[str]) -> list[str]:
    return [sql for sql in queries if any(table in sql for table in KEPT_TABLES)]


def test_the_second_view_reads_none_of_it_and_shows_the_same(client):
    ProjectFactory(state=ProjectState.SUBMITTED, title="待审项目甲")
    NeedFactory(state=NeedState.FORWARDED)
    client.force_login(user_with_role(Role.OFFICER))
    first, first_queries = _home(client)
    second, second_queries = _home(client)
    assert _reading_kept(first_queries)
    assert _reading_kept(second_queries) == []
    assert TOKEN.sub("", second) == TOKEN.sub("", first)
    assert "待审项目甲" in second
    assert "1 条已报送的需求等待筛选" in second
    assert "1 份申报等待资格审查" in second
    assert len(second_queries) < len(first_queries)


def test_what_is_committed_shows_at_the_next_view(client):
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)
    page, _ = _home(client)
    assert "待审项目乙" not in page
    assert "0 条已报送的需求等待筛选" in page
    ProjectFactory(state=ProjectState.SUBMITTED, title="待审项目乙")
    NeedFactory(state=NeedState.FORWARDED)
    page, _ = _home(client)
    assert "待审项目乙" in page
    assert "1 条已报送的需求等待筛选" in page


def test_the_officers_of_the_district_share_it_and_another_language_reads_its_own(client):
    ProjectFactory(state=ProjectState.SUBMITTED, title="待审项目丙")
    first, second = user_with_role(Role.OFFICER), user_with_role(Role.OFFICER)
    client.force_login(first)
    _home(client)
    client.force_login(second)
    page, queries = _home(client)
    assert _reading_kept(queries) == []
    assert "待审项目丙" in page
    client.post(reverse("set_language"), {"language": "en"})
    page, _ = _home(client)
    assert "application waits for eligibility screening" in page


@pytest.mark.parametrize(
    ("generation", "models"),
    [
        (WAITING, WAITING_READ),
        (OPEN_PANELS, OPEN_PANELS_READ),
        (NEEDS_TO_SCREEN, NEEDS_TO_SCREEN_READ),
    ],
)
def test_a_change_to_a_row_read_forgets_it_when_it_commits(generation, models):
    for model in models:
        before = generation.token()
        with transaction.atomic():
            post_save.send(sender=model, instance=None, created=False, update_fields=None)
            assert generation.token() == before
        assert generation.token() != before, model
