"""The daily reminders (``manage.py send_reminders``): a tranche due and not yet paid
(finance), a mid-term or final report coming due (the organisation, ``report_days``
before the date the service period implies), a rectification coming due (the
organisation, ``rectification_days`` before its deadline).

Idempotent: each reminder is an event with its own key (the tranche; the project, report
and due date; the project and deadline), written once per person with the notification
that tells it (``notifications.Notification.key``), so running twice — or two runs at
once — tells nobody twice. A tranche's key is the one its release used: finance already
told when it fell due is not told again.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet

from grants import notifications
from grants.delivery_reports import report_due
from grants.models import AttachmentKind, Project, ProjectState, Tranche, TrancheStatus

DEFAULT_REPORT_DAYS = 14
DEFAULT_RECTIFICATION_DAYS = 3


def report_due_on(project: Project, report: str) -> date | None:
    """When a report is due, as the service period implies: the mid-term report at the
    period's middle, the final report at its end."""
    start, end = project.period_start, project.period_end
    if start is None or end is None:
        return None
    if report == AttachmentKind.MIDTERM_REPORT:
        return start + (end - start) / 2
    if report == AttachmentKind.FINAL_REPORT:
        return end
    return None


@dataclass
class Sent:
    tranche_due: int = 0
    report_due: int = 0
    rectification_due: int = 0

    def __str__(self) -> str:
        return (
            f"{self.tranche_due} tranche, {self.report_due} report and "
            f"{self.rectification_due} rectification reminders sent"
        )


def _due_tranches() -> "QuerySet[Tranche]":
    return (
        Tranche.objects.filter(status=TrancheStatus.DUE)
        .exclude(project__state=ProjectState.TERMINATED)
        .select_related("project__organisation")
        .order_by("pk")
    )


def _reports_coming_due(today: date, days: int) -> Iterator[tuple[Project, str, date]]:
    projects = Project.objects.filter(
        state=ProjectState.IN_PROGRESS, period_start__isnull=False, period_end__isnull=False
    ).select_related("organisation", "call__programme")
    for project in projects.order_by("pk"):
        report = report_due(project)
        if report is None or project.attachments.filter(kind=report).exists():
            continue  # nothing to write now, or written and filed
        due_on = report_due_on(project, report)
        if due_on is not None and today >= due_on - timedelta(days=days):
            yield project, report, due_on


def send_reminders(
    *,
    today: date,
    report_days: int = DEFAULT_REPORT_DAYS,
    rectification_days: int = DEFAULT_RECTIFICATION_DAYS,
) -> Sent:
    sent = Sent()
    for tranche in _due_tranches():
        with transaction.atomic():
            sent.tranche_due += notifications.tranche_due(tranche)
    for project, report, due_on in _reports_coming_due(today, report_days):
        with transaction.atomic():
            sent.report_due += notifications.report_due(project, report, due_on)
    rectifying = Project.objects.filter(
        state=ProjectState.RECTIFYING,
        rectification_deadline__lte=today + timedelta(days=rectification_days),
    ).select_related("organisation")
    for project in rectifying.order_by("pk"):
        with transaction.atomic():
            sent.rectification_due += notifications.rectification_due(project)
    return sent
