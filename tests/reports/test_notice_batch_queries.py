"""A call's batch of approval notices reads the database a fixed number of times however
many notices it holds (issue 17), and each notice still carries its own approval date."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from grants import lifecycle
from grants.guards import PanelOutcome
from grants.models import ProjectState, TransitionLog
from reports import builders, documents
from tests.factories import CallFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _approved_call(how_many: int, officer):
    call = CallFactory()
    for number in range(how_many):
        project = ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW, title=f"项目{number}")
        outcome = PanelOutcome(5, 5, D("80"))
        lifecycle.approve_project(project=project, by=officer, outcome=outcome, amount=D("1000"))
    return call


@pytest.mark.parametrize("how_many", [2, 6])
def test_the_notices_of_a_call_are_read_in_one_query(django_assert_num_queries, officer, how_many):
    call = _approved_call(how_many, officer)
    with django_assert_num_queries(1):
        notices = [
            documents.notice(project)
            for project in builders.notice_projects(officer).filter(call=call)
        ]
    assert len(notices) == how_many


def test_each_notice_is_dated_by_its_own_last_approval(officer, monkeypatch):
    long_ago = timezone.now() - timedelta(days=400)
    with monkeypatch.context() as past:  # the log's moment is the clock's (append-only)
        past.setattr(timezone, "now", lambda: long_ago)
        call = _approved_call(1, officer)
    second = ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW)
    outcome = PanelOutcome(5, 5, D("80"))
    lifecycle.approve_project(project=second, by=officer, outcome=outcome, amount=D("1000"))
    first = call.projects.order_by("pk").first()
    assert TransitionLog.objects.get(project=first, transition="approve").at == long_ago
    dated = {
        project.pk: documents.notice(project)["date"]
        for project in builders.notice_projects(officer).filter(call=call)
    }
    assert dated[first.pk] == timezone.localtime(long_ago).date()
    assert dated[second.pk] == timezone.localdate()
    assert documents.approval_date(first) == dated[first.pk]  # as a notice read alone
