"""The officer's review overview (评审管理): each call's projects waiting for a panel per
stage, counted in the calls' own query, so the page's queries do not grow with the calls."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from experts.models import Expert, Stage
from grants.models import ProjectState
from reviews import panels
from tests.factories import CallFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(db):
    for number in range(3):
        Expert.objects.create(
            user=UserFactory(roles=[Role.EXPERT]),
            name=f"专家{number}",
            affiliation="大学",
            fields=["finance"],
        )


def _call_with_panels_and_waiting(officer):
    """A call with one project panelled at the initial stage, two still waiting for
    theirs, and one waiting for a mid-term panel."""
    call = CallFactory()
    ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3, load_cap=50)
    ProjectFactory.create_batch(2, call=call, state=ProjectState.UNDER_REVIEW)
    ProjectFactory(call=call, state=ProjectState.MIDTERM_REVIEW)
    ProjectFactory(call=call, state=ProjectState.DRAFT)
    return call


def _overview(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reviews:overview"))
    assert response.status_code == 200
    return response, len(queries)


def test_the_overview_counts_the_waiting_projects_of_each_call(client, officer, pool):
    call = _call_with_panels_and_waiting(officer)
    client.force_login(officer)
    response, _ = _overview(client)
    (row,) = response.context["rows"]
    assert row == (call, [(Stage.INITIAL, 2), (Stage.MIDTERM, 1), (Stage.FINAL, 0)])


def test_the_overview_runs_as_many_queries_for_ten_calls_as_for_two(client, officer, pool):
    client.force_login(officer)
    for _ in range(2):
        _call_with_panels_and_waiting(officer)
    _, for_two = _overview(client)
    for _ in range(8):
        _call_with_panels_and_waiting(officer)
    response, for_ten = _overview(client)
    assert len(response.context["rows"]) == 10
    assert for_ten == for_two
