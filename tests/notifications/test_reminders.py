"""``manage.py send_reminders``: tranches due (finance), reports coming due and
rectifications coming due (the organisation) — run twice, one mail and one item each."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from grants import payments, reminders
from grants.models import AttachmentKind, Project, ProjectState, TrancheStatus
from notifications.kinds import Kind
from notifications.models import Notification
from tests.factories import ProjectFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db
S = ProjectState
TODAY = timezone.localdate


def _members(project, email="org@example.org"):
    return UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation], email=email)


def _run(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_the_mid_term_report_is_due_at_the_middle_of_the_period_the_final_at_its_end():
    project = Project(period_start=date(2026, 3, 1), period_end=date(2026, 12, 31))
    assert reminders.report_due_on(project, AttachmentKind.MIDTERM_REPORT) == date(2026, 7, 31)
    assert reminders.report_due_on(project, AttachmentKind.FINAL_REPORT) == date(2026, 12, 31)
    assert reminders.report_due_on(Project(), AttachmentKind.FINAL_REPORT) is None


def test_a_report_coming_due_is_told_once_and_only_within_the_days_before(
    django_capture_on_commit_callbacks,
):
    today = TODAY()
    soon = ProjectFactory(
        state=S.IN_PROGRESS,
        period_start=today - timedelta(days=100),
        period_end=today + timedelta(days=120),  # mid-term due in 10 days
    )
    later = ProjectFactory(
        state=S.IN_PROGRESS,
        period_start=today - timedelta(days=10),
        period_end=today + timedelta(days=300),  # mid-term due in 145 days
    )
    final = ProjectFactory(
        state=S.IN_PROGRESS,
        period_start=today - timedelta(days=300),
        period_end=today + timedelta(days=5),
    )
    Project.objects.filter(pk=final.pk).update(midterm_passed=True)
    member, other, finalist = _members(soon), _members(later, "b@x.cn"), _members(final, "c@x.cn")

    assert "2 report" in _run(django_capture_on_commit_callbacks)
    (told,) = Notification.objects.filter(user=member)
    assert told.kind == Kind.REPORT_DUE
    assert "中期报告" in told.subject
    assert (today + timedelta(days=10)).isoformat() in told.subject
    assert not Notification.objects.filter(user=other).exists()
    assert "结项报告" in Notification.objects.get(user=finalist).subject
    assert sorted(message.to[0] for message in mail.outbox) == ["c@x.cn", "org@example.org"]

    assert "0 report" in _run(django_capture_on_commit_callbacks)  # the second run
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind=Kind.REPORT_DUE).count() == 2


def test_a_filed_report_is_not_reminded(django_capture_on_commit_callbacks):
    today = TODAY()
    project = ProjectFactory(
        state=S.IN_PROGRESS,
        period_start=today - timedelta(days=100),
        period_end=today + timedelta(days=100),
    )
    member = _members(project)
    project.attachments.create(
        kind=AttachmentKind.MIDTERM_REPORT,
        file="a.pdf",
        original_name="a.pdf",
        extension=".pdf",
        storage_token="t-filed",
        size=1,
        uploaded_by=member,
    )
    _run(django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(user=member).exists()


def test_a_rectification_coming_due_is_told_once(django_capture_on_commit_callbacks):
    today = TODAY()
    due = ProjectFactory(state=S.RECTIFYING, rectification_deadline=today + timedelta(days=2))
    later = ProjectFactory(state=S.RECTIFYING, rectification_deadline=today + timedelta(days=9))
    member, other = _members(due), _members(later, "b@x.cn")
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    (told,) = Notification.objects.filter(user=member)
    assert told.kind == Kind.RECTIFICATION_DUE
    assert [message.to for message in mail.outbox] == [["org@example.org"]]
    assert not Notification.objects.filter(user=other).exists()


def test_a_due_tranche_is_told_to_finance_once_with_its_release(
    django_capture_on_commit_callbacks,
):
    finance = user_with_role(Role.FINANCE, email="cw@x.cn")
    project = ProjectFactory(state=S.CONTRACTED, approved_amount=Decimal("90000.00"))
    with django_capture_on_commit_callbacks(execute=True):
        payments.create_schedule(project)  # the first tranche falls due: told now
    assert len(mail.outbox) == 1
    later = user_with_role(Role.FINANCE, email="new@x.cn")  # joins finance afterwards
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["cw@x.cn"], ["new@x.cn"]]
    assert Notification.objects.filter(user=finance, kind=Kind.TRANCHE_DUE).count() == 1
    assert Notification.objects.filter(user=later, kind=Kind.TRANCHE_DUE).count() == 1
    project.tranches.update(status=TrancheStatus.PAID)
    third = user_with_role(Role.FINANCE)
    _run(django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(user=third).exists()  # nothing due any more
