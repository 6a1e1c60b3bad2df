"""Two officers acting on one project at the same moment: exactly one wins.

Real threads with their own database connections; on PostgreSQL the row lock makes the
second wait, on SQLite the IMMEDIATE transaction does.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import Role
from grants import lifecycle
from grants.guards import PanelOutcome
from grants.models import ProjectState, TransitionLog
from grants.refusals import Refused
from tests.factories import ProjectFactory, user_with_role


@pytest.mark.django_db(transaction=True)
def test_two_officers_approving_at_once_one_wins_one_log_row():
    project = ProjectFactory(state=ProjectState.UNDER_REVIEW)
    officers = [user_with_role(Role.OFFICER), user_with_role(Role.OFFICER)]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(officer):
        try:
            barrier.wait()
            lifecycle.approve_project(
                project=project,
                by=officer,
                outcome=PanelOutcome(5, 5, Decimal("80.00")),
                amount=Decimal("90000.00"),
                seen_state=ProjectState.UNDER_REVIEW,
            )
            outcomes.append("won")
        except Refused as refused:
            outcomes.append(refused.problems[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes, key=lambda o: o != "won")[0] == "won"
    assert outcomes.count("won") == 1
    assert TransitionLog.objects.filter(project=project, transition="approve").count() == 1
    assert "拟立项" in next(o for o in outcomes if o != "won")
