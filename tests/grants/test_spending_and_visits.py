"""Spending against budget lines, and site visits with their follow-ups."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from accounts.models import Role
from grants import spending, visits
from grants.models import SiteVisit, Spending
from grants.refusals import Refused
from tests.factories import StreetFactory, UserFactory, user_with_role
from tests.grants.delivering import PDF, D, running_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def running():
    return running_project()


@pytest.fixture
def staff(running):
    return UserFactory(
        roles=[Role.APPLICANT], organisations=[running.organisation], email="org@example.org"
    )


def expense(project, **changes) -> spending.Expense:
    values = {
        "spent_on": timezone.localdate(),
        "budget_line_id": project.budget_lines.first().pk,
        "amount": D("1200.50"),
        "payee": "雨花台区幸福食堂",
        "voucher_number": "FP-2026-0001",
    }
    return spending.Expense(**{**values, **changes})


# --- spending ------------------------------------------------------------------------------


def test_spending_is_recorded_against_a_line_with_its_receipt(running, staff):
    entry = spending.record_spending(
        project=running,
        by=staff,
        expense=expense(running),
        receipt=SimpleUploadedFile("发票.pdf", PDF),
    )
    assert (entry.amount, entry.budget_line, entry.receipt_name) == (
        D("1200.50"),
        running.budget_lines.first(),
        "发票.pdf",
    )


def test_spending_on_another_projects_line_in_the_future_or_not_positive_is_refused(running, staff):
    other_line = running_project().budget_lines.first()
    bad = expense(
        running,
        budget_line_id=other_line.pk,
        spent_on=timezone.localdate() + timedelta(days=1),
        amount=D("0"),
        payee="",
    )
    with pytest.raises(Refused) as refused:
        spending.record_spending(project=running, by=staff, expense=bad)
    assert len(refused.value.problems) == 4
    assert not Spending.objects.exists()


def test_a_receipt_is_checked_by_its_content(running, staff):
    fake = SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00 an executable")
    with pytest.raises(Refused):
        spending.record_spending(project=running, by=staff, expense=expense(running), receipt=fake)


def test_spending_locks_after_a_week_and_an_officer_unlocks_it(running, staff):
    entry = spending.record_spending(project=running, by=staff, expense=expense(running))
    spending.update_spending(spending=entry, by=staff, expense=expense(running, amount=D("99")))
    assert Spending.objects.get().amount == D("99.00")
    Spending.objects.update(editable_until=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Refused):
        spending.update_spending(spending=entry, by=staff, expense=expense(running))
    unlock = spending.unlock_spending(
        spending=entry, by=user_with_role(Role.OFFICER), reason="发票号录错"
    )
    assert unlock.spending == entry
    spending.update_spending(spending=entry, by=staff, expense=expense(running, amount=D("98")))


def test_only_the_organisation_records_spending(running):
    with pytest.raises(PermissionDenied):
        spending.record_spending(
            project=running, by=user_with_role(Role.FINANCE), expense=expense(running)
        )


def test_the_database_refuses_a_spending_of_zero(running, staff):
    with pytest.raises(IntegrityError):
        Spending.objects.create(
            project=running,
            budget_line=running.budget_lines.first(),
            spent_on=timezone.localdate(),
            amount=D("0"),
            payee="x",
            voucher_number="x",
            recorded_by=staff,
            editable_until=timezone.now(),
        )


# --- site visits -------------------------------------------------------------------------


def visit(**changes) -> visits.Visit:
    values = {
        "visited_on": timezone.localdate(),
        "visitors": "区民政局 张三、雨花街道 李四",
        "findings": "助餐点卫生良好，台账不全。",
        "rating": "fair",
        "follow_up": "补齐 3 月签到表",
        "follow_up_due": timezone.localdate() + timedelta(days=14),
    }
    return visits.Visit(**{**values, **changes})


def test_an_officer_records_a_visit_and_the_organisation_is_asked_to_follow_up(
    running, staff, django_capture_on_commit_callbacks
):
    officer = user_with_role(Role.OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        saved = visits.record_visit(project=running, by=officer, visit=visit())
    assert saved.is_open
    assert mail.outbox[0].to == ["org@example.org"]
    assert "补齐 3 月签到表" in mail.outbox[0].body


def test_street_staff_visit_projects_of_their_street_only(running):
    own = user_with_role(Role.STREET_STAFF, street=running.community.street)
    visits.record_visit(project=running, by=own, visit=visit(follow_up="", follow_up_due=None))
    other = user_with_role(Role.STREET_STAFF, street=StreetFactory())
    with pytest.raises(PermissionDenied):
        visits.record_visit(project=running, by=other, visit=visit())
    with pytest.raises(PermissionDenied):
        visits.record_visit(project=running, by=user_with_role(Role.FINANCE), visit=visit())


def test_a_visit_refuses_a_future_date_and_a_follow_up_without_a_deadline(running):
    officer = user_with_role(Role.OFFICER)
    bad = visit(visited_on=timezone.localdate() + timedelta(days=1), follow_up_due=None, rating="")
    with pytest.raises(Refused) as refused:
        visits.record_visit(project=running, by=officer, visit=bad)
    assert len(refused.value.problems) == 3
    with pytest.raises(Refused):
        visits.record_visit(
            project=running, by=officer, visit=visit(follow_up="", follow_up_due=None, findings="")
        )
    assert not SiteVisit.objects.exists()


def test_the_organisation_answers_a_follow_up_once(
    running, staff, django_capture_on_commit_callbacks
):
    officer = user_with_role(Role.OFFICER, email="officer@example.org")
    saved = visits.record_visit(project=running, by=officer, visit=visit())
    with pytest.raises(Refused):
        visits.answer_follow_up(visit=saved, by=staff, answer="  ")
    with pytest.raises(PermissionDenied):
        visits.answer_follow_up(visit=saved, by=officer, answer="x")
    with django_capture_on_commit_callbacks(execute=True):
        answered = visits.answer_follow_up(visit=saved, by=staff, answer="已补齐并扫描上传")
    assert not answered.is_open
    assert mail.outbox[-1].to == ["officer@example.org"]
    with pytest.raises(Refused, match=r"已于 .* 回复"):
        visits.answer_follow_up(visit=saved, by=staff, answer="again")


def test_overdue_follow_ups_are_the_open_ones_past_their_deadline(running, staff):
    officer = user_with_role(Role.OFFICER)
    saved = visits.record_visit(project=running, by=officer, visit=visit())
    later = timezone.localdate() + timedelta(days=15)
    assert list(SiteVisit.objects.overdue(later)) == [saved]
    assert saved.is_overdue(later)
    visits.answer_follow_up(visit=saved, by=staff, answer="done")
    assert not SiteVisit.objects.overdue(later).exists()


def test_the_database_holds_a_follow_up_to_its_deadline(running, staff):
    with pytest.raises(IntegrityError):
        SiteVisit.objects.create(
            project=running,
            visited_on=timezone.localdate(),
            visitors="x",
            findings="x",
            rating="good",
            follow_up="do it",
            recorded_by=staff,
        )


def test_spending_before_the_agreement_is_refused(running, staff):
    running.__class__.objects.filter(pk=running.pk).update(
        agreement_date=timezone.localdate() - timedelta(days=30)
    )
    running.refresh_from_db()
    early = expense(running, spent_on=timezone.localdate() - timedelta(days=31))
    with pytest.raises(Refused, match="早于"):
        spending.record_spending(project=running, by=staff, expense=early)
