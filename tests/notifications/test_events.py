"""Every event of a project's life tells the people it concerns: an in-app notification
written in the event's transaction (none when the event is refused), its email after
commit, each kind's email switchable per person."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from experts.models import Stage
from grants import lifecycle, payments
from grants.guards import PanelOutcome
from grants.models import Attachment, AttachmentKind, ProjectState
from grants.refusals import Refused
from notifications.kinds import RECIPIENTS, Kind
from notifications.models import EmailOptOut, Notification
from notifications.services import notify
from reviews import panels
from reviews.models import Panel
from tests.factories import CallFactory, UserFactory, every_check, user_with_role
from tests.reviews.panel_world import expert_pool, projects_under_review, seated

pytestmark = pytest.mark.django_db
S = ProjectState
PASS = PanelOutcome(assigned=5, submitted=5, score=Decimal("82.50"))
TODAY = timezone.localdate


def _kinds(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True)
    )


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


def test_every_step_of_a_life_tells_the_organisation_officers_and_finance(project):
    member = UserFactory(
        roles=[Role.APPLICANT], organisations=[project.organisation], email="org@example.org"
    )
    officer = user_with_role(Role.OFFICER, email="officer@example.org")
    finance = user_with_role(Role.FINANCE, email="finance@example.org")
    project = lifecycle.submit_project(project=project, by=member)
    project = lifecycle.return_for_revision(
        project=project, by=officer, reason="预算说明不清", deadline=TODAY() + timedelta(days=7)
    )
    project = lifecycle.submit_project(project=project, by=member)
    project = lifecycle.accept_for_review(
        project=project, by=officer, confirmed=every_check(project)
    )
    project = lifecycle.approve_project(
        project=project, by=officer, outcome=PASS, amount=Decimal("90000.00")
    )
    project.publicity_ends_on = TODAY() - timedelta(days=1)
    project.save(update_fields=["publicity_ends_on"])
    project = lifecycle.sign_agreement(
        project=project, by=officer, number="YHT-1", signed_on=TODAY()
    )
    first = project.tranches.get(sequence=1)
    payments.record_payment(
        tranche=first, by=finance, paid_on=TODAY(), amount=first.amount, voucher_number="PZ-1"
    )
    _attach(project, AttachmentKind.MIDTERM_REPORT, member)
    project = lifecycle.open_midterm(project=project, by=officer)
    project = lifecycle.require_rectification(
        project=project,
        by=officer,
        outcome=PASS,
        findings="台账不全",
        deadline=TODAY() + timedelta(days=14),
    )
    _attach(project, AttachmentKind.RECTIFICATION_REPORT, member)
    project = lifecycle.resubmit_rectification(project=project, by=member)
    project = lifecycle.pass_midterm(project=project, by=officer, outcome=PASS)
    _attach(project, AttachmentKind.FINAL_REPORT, member)
    project = lifecycle.open_final(project=project, by=officer)
    project = lifecycle.close_project(
        project=project,
        by=officer,
        outcome=PanelOutcome(5, 5, Decimal("90.00")),
        satisfaction=Decimal("80.00"),
    )

    assert _kinds(member) == [
        Kind.PROJECT_RETURNED,
        Kind.PROJECT_ACCEPTED,
        Kind.PROJECT_DECIDED,
        Kind.AGREEMENT_SIGNED,
        Kind.PAYMENT_RECORDED,
        Kind.MIDTERM_RESULT,  # rectification required
        Kind.MIDTERM_RESULT,  # passed
        Kind.PROJECT_CLOSED,
    ]
    assert _kinds(officer) == [Kind.PROJECT_SUBMITTED, Kind.PROJECT_SUBMITTED]
    # A tranche due on signing, after the mid-term, after closing with 良好.
    assert _kinds(finance) == [Kind.TRANCHE_DUE] * 3
    closed = Notification.objects.filter(user=member, kind=Kind.PROJECT_CLOSED).get()
    assert "88.50" in closed.body
    assert "良好" in closed.body
    assert closed.url == reverse("grants:project_detail", args=[project.pk])
    rectify = Notification.objects.filter(user=member, kind=Kind.MIDTERM_RESULT).earliest("id")
    assert "台账不全" in rectify.body
    assert (TODAY() + timedelta(days=14)).isoformat() in rectify.body
    due = Notification.objects.filter(user=finance).earliest("id")
    assert due.url == reverse("grants:record_payment", args=[first.pk])
    assert all(notification.email for notification in Notification.objects.all())


def test_the_email_leaves_after_commit_and_is_recorded(
    project, officer, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://gongyi.example.gov.cn"
    member = UserFactory(
        roles=[Role.APPLICANT], organisations=[project.organisation], email="org@example.org"
    )
    project = lifecycle.submit_project(project=project, by=member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        lifecycle.return_for_revision(
            project=project, by=officer, reason="补充预算", deadline=TODAY() + timedelta(days=3)
        )
    notification = Notification.objects.get(user=member)  # written with the event
    assert mail.outbox == []
    assert notification.emailed_at is None
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["org@example.org"]]
    assert "补充预算" in mail.outbox[0].body
    assert mail.outbox[0].body.endswith(
        "https://gongyi.example.gov.cn" + reverse("grants:project_detail", args=[project.pk])
    )
    notification.refresh_from_db()
    assert notification.email == "org@example.org"
    assert notification.emailed_at is not None


def test_a_refused_event_tells_nobody(project, member, officer):
    project = lifecycle.submit_project(project=project, by=member)
    with pytest.raises(Refused):
        lifecycle.return_for_revision(project=project, by=officer, reason="", deadline=None)
    assert not Notification.objects.filter(user=member).exists()


def test_email_turned_off_for_a_kind_keeps_the_in_app_item(
    project, officer, django_capture_on_commit_callbacks
):
    member = UserFactory(
        roles=[Role.APPLICANT], organisations=[project.organisation], email="org@example.org"
    )
    EmailOptOut.objects.create(user=member, kind=Kind.PROJECT_RETURNED)
    project = lifecycle.submit_project(project=project, by=member)
    with django_capture_on_commit_callbacks(execute=True):
        project = lifecycle.return_for_revision(
            project=project, by=officer, reason="补充预算", deadline=TODAY() + timedelta(days=3)
        )
    assert mail.outbox == []
    assert Notification.objects.get(user=member).email == ""
    with django_capture_on_commit_callbacks(execute=True):  # another kind still mails
        project = lifecycle.submit_project(project=project, by=member)
        lifecycle.accept_for_review(project=project, by=officer, confirmed=every_check(project))
    assert [message.to for message in mail.outbox] == [["org@example.org"]]


def test_an_event_with_a_key_is_told_once_per_person(project, member):
    for _ in range(2):
        notify(users=[member], kind=Kind.REPORT_DUE, subject="中期报告", body="", key="r:1")
    assert Notification.objects.filter(user=member).count() == 1


def test_drawn_replaced_and_assigned_experts_are_told(officer):
    call = CallFactory()
    (project,) = projects_under_review(call, 1)
    pool = expert_pool(4)
    draw = panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=2)
    panel = Panel.objects.get(draw=draw)
    members = seated(panel)
    for member in members:
        (told,) = Notification.objects.filter(user=member.expert.user)
        assert told.kind == Kind.EXPERT_SEATED
        assert told.url == reverse("reviews:sheet", args=[panel.pk])
        assert project.title in told.subject
    replacement = panels.replace_member(
        panel=panel, member=members[0], by=officer, reason="出差无法参加"
    )
    assert _kinds(members[0].expert.user) == [Kind.EXPERT_SEATED, Kind.EXPERT_UNSEATED]
    assert _kinds(replacement.expert.user) == [Kind.EXPERT_SEATED]
    by_hand = next(e for e in pool if e.pk not in {m.expert_id for m in panel.members.all()})
    panels.assign_manually(panel=panel, expert=by_hand, by=officer, reason="补充财务专家")
    assert _kinds(by_hand.user) == [Kind.EXPERT_SEATED]


def test_the_expert_email_goes_to_the_pools_contact_address(
    officer, django_capture_on_commit_callbacks
):
    call = CallFactory()
    projects_under_review(call, 1)
    (expert,) = expert_pool(1)
    expert.email = "expert@university.cn"
    expert.save()
    with django_capture_on_commit_callbacks(execute=True):
        panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=1)
    assert [message.to for message in mail.outbox] == [["expert@university.cn"]]


def test_every_kind_has_its_recipients():
    assert set(RECIPIENTS) == set(Kind)
    assert all(RECIPIENTS[kind] for kind in Kind)
