"""The use cases through a whole project life, and their effects."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Role
from grants import lifecycle, payments
from grants.guards import PanelOutcome
from grants.models import (
    Attachment,
    AttachmentKind,
    Grade,
    ProjectState,
    TrancheStatus,
    TransitionLog,
)
from grants.refusals import NotAvailable, ProjectChanged, Refused
from tests.factories import ProjectFactory, every_check, user_with_role

pytestmark = pytest.mark.django_db
S = ProjectState
PANEL_PASS = PanelOutcome(assigned=5, submitted=5, score=Decimal("82.50"))
TODAY = timezone.localdate


def _attach(project, kind, by):
    return Attachment.objects.create(
        project=project,
        kind=kind,
        file=f"attachments/{project.pk}/{kind}.pdf",
        original_name=f"{kind}.pdf",
        extension=".pdf",
        storage_token=f"token-{project.pk}-{kind}-{Attachment.objects.count()}",
        size=100,
        uploaded_by=by,
    )


def _states(project):
    return list(project.transition_logs.values_list("transition", "from_state", "to_state"))


def test_a_whole_life_from_draft_to_closed(
    project, member, officer, finance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = lifecycle.submit_project(project=project, by=member)
    assert project.state == S.SUBMITTED
    assert len(mail.outbox) == 0  # no officer with an email yet: nobody to tell
    project = lifecycle.return_for_revision(
        project=project, by=officer, reason="预算说明不清", deadline=TODAY() + timedelta(days=7)
    )
    assert project.state == S.RETURNED
    project = lifecycle.submit_project(project=project, by=member)
    assert project.versions.count() == 2
    project = lifecycle.accept_for_review(
        project=project, by=officer, confirmed=every_check(project)
    )
    project = lifecycle.approve_project(
        project=project, by=officer, outcome=PANEL_PASS, amount=Decimal("90000.00")
    )
    assert project.state == S.APPROVED
    assert project.publicity_ends_on == TODAY() + timedelta(days=7)

    project.publicity_ends_on = TODAY() - timedelta(days=1)
    project.save(update_fields=["publicity_ends_on"])
    project = lifecycle.sign_agreement(
        project=project, by=officer, number="YHT-2026-001", signed_on=TODAY()
    )
    tranches = list(project.tranches.all())
    assert [t.amount for t in tranches] == [
        Decimal("45000.00"),
        Decimal("27000.00"),
        Decimal("18000.00"),
    ]
    assert [t.status for t in tranches] == [
        TrancheStatus.DUE,
        TrancheStatus.SCHEDULED,
        TrancheStatus.SCHEDULED,
    ]

    payments.record_payment(
        tranche=tranches[0],
        by=finance,
        paid_on=TODAY(),
        amount=Decimal("45000.00"),
        voucher_number="PZ-0001",
    )
    project.refresh_from_db()
    assert project.state == S.IN_PROGRESS
    assert project.paid_amount == Decimal("45000.00")

    _attach(project, AttachmentKind.MIDTERM_REPORT, member)
    project = lifecycle.open_midterm(project=project, by=officer)
    project = lifecycle.require_rectification(
        project=project,
        by=officer,
        outcome=PANEL_PASS,
        findings="台账不全",
        deadline=TODAY() + timedelta(days=14),
    )
    with pytest.raises(Refused):  # the rectification report is missing
        lifecycle.resubmit_rectification(project=project, by=member)
    _attach(project, AttachmentKind.RECTIFICATION_REPORT, member)
    project = lifecycle.resubmit_rectification(project=project, by=member)
    project = lifecycle.pass_midterm(project=project, by=officer, outcome=PANEL_PASS)
    assert project.tranches.get(sequence=2).status == TrancheStatus.DUE

    _attach(project, AttachmentKind.FINAL_REPORT, member)
    project = lifecycle.open_final(project=project, by=officer)
    project = lifecycle.close_project(
        project=project,
        by=officer,
        outcome=PanelOutcome(5, 5, Decimal("90.00")),
        satisfaction=Decimal("80.00"),
    )
    assert project.state == S.CLOSED
    assert project.final_score == Decimal("88.50")
    assert project.grade == Grade.GOOD
    assert project.tranches.get(sequence=3).status == TrancheStatus.DUE
    assert [row[0] for row in _states(project)] == [
        "submit",
        "return_for_revision",
        "submit",
        "accept_for_review",
        "approve",
        "sign_agreement",
        "start",
        "open_midterm",
        "require_rectification",
        "resubmit_rectification",
        "pass_midterm",
        "open_final",
        "close",
    ]


def test_closing_with_fail_cancels_the_last_tranche(officer):
    project = ProjectFactory(state=S.FINAL_REVIEW, approved_amount=Decimal("100000.00"))
    payments.create_schedule(project)
    lifecycle.close_project(
        project=project,
        by=officer,
        outcome=PanelOutcome(3, 3, Decimal("50.00")),
        satisfaction=Decimal("60.00"),
    )
    assert project.tranches.get(sequence=3).status == TrancheStatus.CANCELLED


def test_terminate_cancels_every_unpaid_tranche(officer, finance):
    project = ProjectFactory(state=S.CONTRACTED, approved_amount=Decimal("100000.00"))
    payments.create_schedule(project)
    payments.record_payment(
        tranche=project.tranches.get(sequence=1),
        by=finance,
        paid_on=TODAY(),
        amount=Decimal("20000.00"),
        voucher_number="PZ-9",
    )
    lifecycle.terminate_project(project=project, by=officer, reason="机构注销")
    statuses = list(project.tranches.values_list("status", flat=True))
    assert statuses == [TrancheStatus.CANCELLED] * 3
    assert project.tranches.get(sequence=1).paid_amount == Decimal("20000.00")


def test_wrong_role_is_refused_and_nothing_is_logged(project, officer):
    with pytest.raises(PermissionDenied):
        lifecycle.submit_project(project=project, by=officer)
    other_applicant = user_with_role(Role.APPLICANT)
    with pytest.raises(PermissionDenied):
        lifecycle.withdraw_project(project=project, by=other_applicant)
    assert not TransitionLog.objects.exists()


def test_stale_page_is_told_the_project_changed(project, member, officer):
    lifecycle.submit_project(project=project, by=member)
    lifecycle.accept_for_review(
        project=project, by=officer, confirmed=every_check(project), seen_state=S.SUBMITTED
    )
    with pytest.raises(ProjectChanged) as raised:
        lifecycle.mark_ineligible(project=project, by=officer, reason="x", seen_state=S.SUBMITTED)
    assert "立项评审中" in raised.value.problems[0]


def test_transition_from_a_state_without_it_is_not_available(member):
    project = ProjectFactory(state=S.CLOSED)
    with pytest.raises(NotAvailable) as raised:
        lifecycle.withdraw_project(project=project, by=member)
    assert raised.value.problems == ["当前状态为“已结项”，不能进行此操作。"]


def test_state_cannot_be_assigned_directly(project):
    with pytest.raises(AttributeError):
        project.state = S.CLOSED


def test_submission_emails_officers_after_commit(
    project, member, django_capture_on_commit_callbacks
):
    user_with_role(Role.OFFICER, email="officer@yuhuatai.gov.cn")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lifecycle.submit_project(project=project, by=member)
    assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["officer@yuhuatai.gov.cn"]]
    assert project.title in mail.outbox[0].subject


def test_approval_below_threshold_needs_a_reason_which_is_logged(officer):
    project = ProjectFactory(state=S.UNDER_REVIEW)
    low = PanelOutcome(5, 5, Decimal("55.00"))
    with pytest.raises(Refused) as raised:
        lifecycle.approve_project(project=project, by=officer, outcome=low, amount=Decimal("1"))
    assert "书面理由" in raised.value.problems[0]
    lifecycle.approve_project(
        project=project,
        by=officer,
        outcome=low,
        amount=Decimal("1.00"),
        override_reason="填补辖区助残服务空白",
    )
    assert "填补辖区助残服务空白" in project.transition_logs.get().comment


def test_approval_needs_every_expert_and_respects_amounts(officer):
    project = ProjectFactory(state=S.UNDER_REVIEW)
    ProjectFactory(
        call=project.call,
        state=S.CONTRACTED,
        requested_amount=Decimal("950000.00"),
        approved_amount=Decimal("950000.00"),
        budget=[],
    )
    with pytest.raises(Refused) as raised:
        lifecycle.approve_project(
            project=project,
            by=officer,
            outcome=PanelOutcome(5, 4, None),
            amount=Decimal("100000.01"),
        )
    problems = raised.value.problems
    assert problems == [
        "5 位专家中已有 4 位提交评分表。",
        "核定金额 100,000.01 元，超过申请金额 100,000.00 元。",
        "核定金额 100,000.01 元，超过本批次剩余预算 50,000.00 元。",
    ]
