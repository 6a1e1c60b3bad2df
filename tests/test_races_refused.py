"""Races that used to end in a 500 end in a clear refusal: two officers drawing panels for
one call at once, two payments with one voucher number at once. Real threads with their
own connections; on PostgreSQL the row and index locks make the second wait, on SQLite
the IMMEDIATE transaction does."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from experts.models import Expert, Stage
from grants import payments
from grants.models import Payment, ProjectState, TrancheStatus
from grants.refusals import Refused
from reviews import panels
from reviews.models import Panel
from tests.factories import CallFactory, ProjectFactory, UserFactory, user_with_role


def _race(actions) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action):
        try:
            barrier.wait()
            action()
            outcomes.append("won")
        except Refused as refused:
            outcomes.append(refused.problems[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_officers_drawing_one_calls_panels_at_once_one_draws_one_is_told():
    call = CallFactory()
    projects = [ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW) for _ in range(2)]
    for n in range(8):
        Expert.objects.create(
            user=UserFactory(roles=[Role.EXPERT]), name=f"专家{n}", affiliation="大学", fields=[]
        )
    officers = [user_with_role(Role.OFFICER), user_with_role(Role.OFFICER)]

    outcomes = _race(
        [
            lambda officer=officer: panels.draw_panels(
                call=call, stage=Stage.INITIAL, by=officer, size=3, required_fields=[]
            )
            for officer in officers
        ]
    )

    assert outcomes.count("won") == 1
    assert "没有" in next(o for o in outcomes if o != "won")  # nothing left to draw
    assert Panel.objects.filter(project__in=projects).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_payments_with_one_voucher_at_once_one_is_recorded_one_is_told(settings):
    finance = user_with_role(Role.FINANCE)
    tranches = []
    for _ in range(2):
        project = ProjectFactory(state=ProjectState.CONTRACTED, approved_amount=Decimal("90000.00"))
        payments.create_schedule(project)
        tranche = project.tranches.get(sequence=1)
        assert tranche.status == TrancheStatus.DUE
        tranches.append(tranche)
    paid_on = timezone.localdate() - timedelta(days=1)

    outcomes = _race(
        [
            lambda tranche=tranche: payments.record_payment(
                tranche=tranche,
                by=finance,
                paid_on=paid_on,
                amount=tranche.amount,
                voucher_number="记-2026-0001",
            )
            for tranche in tranches
        ]
    )

    assert outcomes.count("won") == 1
    assert "记-2026-0001" in next(o for o in outcomes if o != "won")
    assert Payment.objects.filter(voucher_number="记-2026-0001").count() == 1
