"""The home page's delivery counts are kept under the DELIVERY_FIGURES generation
(grants/delivery_dashboards.py): judged once, shown again without judging, and never
stale after a change to a row they are read from has committed."""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from grants.models import Indicator
from grants.progress import DELIVERY_FIGURES, JUDGED_FROM
from tests.factories import StreetFactory, user_with_role
from tests.grants.delivering import running_project

# The cache is used outside transactions only, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)
BEHIND = '?problem=behind">进度滞后</a>：<strong class="error">{}</strong>'


def _home(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def _judging(queries: list[str]) -> list[str]:
    return [sql for sql in queries if 'FROM "grants_indicator"' in sql]


def test_the_second_view_judges_nothing_and_shows_the_same_counts(client):
    running_project(days_done=90, days_left=10)
    client.force_login(user_with_role(Role.OFFICER))
    first, first_queries = _home(client)
    second, second_queries = _home(client)
    assert _judging(first_queries)
    assert _judging(second_queries) == []
    assert BEHIND.format(1) in first
    assert BEHIND.format(1) in second


def test_a_committed_project_is_counted_at_the_next_view(client):
    running_project(days_done=90, days_left=10)
    client.force_login(user_with_role(Role.OFFICER))
    assert BEHIND.format(1) in _home(client)[0]
    running_project(days_done=90, days_left=10)
    assert BEHIND.format(2) in _home(client)[0]


def test_the_counts_are_kept_per_scope_and_labelled_in_the_readers_language(client):
    project = running_project(days_done=90, days_left=10)
    client.force_login(user_with_role(Role.OFFICER))
    assert BEHIND.format(1) in _home(client)[0]
    elsewhere = StreetFactory()
    client.force_login(user_with_role(Role.STREET_STAFF, street=elsewhere))
    assert BEHIND.format(1) not in _home(client)[0]
    client.force_login(user_with_role(Role.STREET_STAFF, street=project.community.street))
    assert BEHIND.format(1) in _home(client)[0]
    client.post(reverse("set_language"), {"language": "en"})
    assert "Behind schedule</a>" in _home(client)[0]


def test_a_change_to_any_model_the_judgement_reads_forgets_the_counts_when_it_commits():
    for model in JUDGED_FROM:
        before = cache.get(DELIVERY_FIGURES.key)
        with transaction.atomic():
            post_save.send(sender=model, instance=None, created=False, update_fields=None)
            assert cache.get(DELIVERY_FIGURES.key) == before
        assert cache.get(DELIVERY_FIGURES.key) != before, model


def test_a_saved_project_and_a_deleted_indicator_forget_the_counts():
    project = running_project()
    before = cache.get(DELIVERY_FIGURES.key)
    project.save()
    assert cache.get(DELIVERY_FIGURES.key) != before
    before = cache.get(DELIVERY_FIGURES.key)
    Indicator.objects.filter(project=project).first().delete()
    assert cache.get(DELIVERY_FIGURES.key) != before


def _progress_part(page: str) -> str:
    """The page without the CSRF tokens of its forms (fresh each time)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_a_project_pages_figures_are_read_once_until_a_row_changes(client):
    project = running_project(days_done=90, days_left=10)
    client.force_login(user_with_role(Role.OFFICER))
    url = reverse("grants:project_detail", args=[project.pk])

    def summing(queries: CaptureQueriesContext) -> list[str]:
        return [q["sql"] for q in queries.captured_queries if "SUM(" in q["sql"]]

    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        again = client.get(url).content.decode()
    assert _progress_part(again) == _progress_part(page)
    assert summing(first)
    assert summing(second) == []
    indicator = project.indicators.first()
    indicator.target += 1
    indicator.save()
    with CaptureQueriesContext(connection) as third:
        client.get(url)
    assert summing(third)
