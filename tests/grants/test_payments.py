from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from grants import payments
from grants.models import Payment, Project, ProjectState, TrancheStatus
from grants.refusals import Refused
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def contracted():
    project = ProjectFactory(state=ProjectState.CONTRACTED, approved_amount=Decimal("80000.00"))
    payments.create_schedule(project)
    return project


def _pay(project, finance, sequence, amount, voucher="PZ-1", paid_on=None):
    return payments.record_payment(
        tranche=project.tranches.get(sequence=sequence),
        by=finance,
        paid_on=paid_on or TODAY(),
        amount=Decimal(amount),
        voucher_number=voucher,
    )


def test_a_tranche_cannot_be_paid_before_its_trigger(contracted, finance):
    with pytest.raises(Refused) as raised:
        _pay(contracted, finance, 2, "24000.00")
    assert raised.value.problems == ["第 2 期款尚未到拨付条件：应在中期评估通过后拨付。"]


def test_partial_payments_then_paid_and_the_first_starts_the_project(contracted, finance):
    _pay(contracted, finance, 1, "10000.00", "PZ-1")
    contracted.refresh_from_db()
    assert contracted.state == ProjectState.IN_PROGRESS
    _pay(contracted, finance, 1, "30000.00", "PZ-2")
    tranche = contracted.tranches.get(sequence=1)
    assert (tranche.status, tranche.paid_amount) == (TrancheStatus.PAID, Decimal("40000.00"))
    assert list(contracted.transition_logs.values_list("transition", flat=True)) == ["start"]


def test_overpaying_a_tranche_is_refused_with_the_numbers(contracted, finance):
    with pytest.raises(Refused) as raised:
        _pay(contracted, finance, 1, "40000.01")
    assert raised.value.problems == ["40,000.01 元超过本期尚未拨付的 40,000.00 元。"]
    assert not Payment.objects.exists()


def test_future_date_and_reused_voucher_are_refused_together(contracted, finance):
    _pay(contracted, finance, 1, "100.00", "PZ-7")
    with pytest.raises(Refused) as raised:
        _pay(
            contracted, finance, 1, "100.00", "PZ-7", paid_on=TODAY().replace(year=TODAY().year + 1)
        )
    assert len(raised.value.problems) == 2


def test_only_finance_records_payments(contracted, officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _pay(contracted, officer, 1, "100.00")


def test_database_refuses_paid_above_approved(contracted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=contracted.pk).update(paid_amount=Decimal("80000.01"))


def test_transition_log_is_append_only_in_the_database(contracted, finance):
    _pay(contracted, finance, 1, "100.00")
    log = contracted.transition_logs.get()
    with pytest.raises(TypeError):
        log.save()
    with pytest.raises(TypeError):
        contracted.transition_logs.all().delete()
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE grants_transitionlog SET comment = 'rewritten'")


def test_the_admin_offers_no_way_to_change_or_delete_the_log(contracted, finance, client):
    from django.urls import reverse

    from tests.factories import user_with_role

    _pay(contracted, finance, 1, "100.00")
    log = contracted.transition_logs.get()
    admin = user_with_role("admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    change = client.get(reverse("admin:grants_transitionlog_change", args=[log.pk]))
    assert change.status_code == 200
    assert b'name="comment"' not in change.content  # shown read-only
    delete = client.post(
        reverse("admin:grants_transitionlog_delete", args=[log.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert contracted.transition_logs.count() == 1
