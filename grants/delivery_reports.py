"""Mid-term and final reports generated from the delivery records: the organisation
reviews the figures the records give (indicators, activities, spending, visits), adds its
narrative and submits; the PDF is filed as the stage's report attachment, so that the
stage's requirement (``grants.stages``: the report to upload before it opens) is met by
the generated report. An uploaded report stays possible.

The PDF itself is drawn by the reports app, which registers its renderer here from its
``AppConfig.ready`` (grants never imports reports); the figures are taken and frozen in
the same transaction that files the document, with the project row locked.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_fsm import can_proceed

from accounts.models import User
from grants import entries, permissions, progress, proposals
from grants.models import (
    GENERATED_REPORTS,
    AttachmentKind,
    DeliveryReport,
    IndicatorProgress,
    Project,
    ServiceRecord,
    SiteVisit,
)
from grants.refusals import Refused, refuse_invalid
from grants.stages import STAGES


@dataclass(frozen=True)
class Narrative:
    progress_summary: str
    problems: str
    next_steps: str


def report_due(project: Project) -> AttachmentKind | None:
    """The report the organisation may write now: that of the stage whose opening
    transition the project's state offers — the mid-term report while the project runs
    before its mid-term assessment, the final report after it."""
    for rules in STAGES.values():
        opening = getattr(project, rules.opened_by)
        if rules.report in GENERATED_REPORTS and can_proceed(opening):
            return rules.report
    return None


def expected_reports(project: Project) -> list[AttachmentKind]:
    """The report the organisation may upload now: the rectification report while it
    rectifies, the stage's report while the stage is assessed, and otherwise the report
    that is due next (none before the project runs)."""
    for rules in STAGES.values():
        rectifying = project.state in rules.states and project.state != rules.review_state
        if rules.resubmission_report and rectifying:
            return [rules.resubmission_report]
        if rules.report and project.state == rules.review_state:
            return [rules.report]
    due = report_due(project)
    return [due] if due else []


@dataclass(frozen=True)
class ReportContent:
    """Everything a generated report shows: the figures (as frozen on submission), the
    service records and the visits, with the narrative."""

    report: DeliveryReport
    project: Project
    figures: dict
    records: list[ServiceRecord]
    visits: list[SiteVisit]
    made_at: datetime

    @property
    def title(self) -> str:
        return str(AttachmentKind(self.report.kind).label)


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _number_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def figures_of(summary: progress.ProjectProgress) -> dict:
    """The figures of a report as plain JSON values, as they are kept with a submitted
    report and printed in its PDF."""
    return {
        "as_of": summary.today.isoformat(),
        "period": [
            _number_date(summary.terms.period_start),
            _number_date(summary.terms.period_end),
        ],
        "elapsed_share": _number(summary.elapsed_shown),
        "achieved_share": _number(summary.achieved_shown),
        "behind": summary.is_behind,
        "indicators": [
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "target": str(indicator.target),
                "achieved": str(indicator.achieved),
                "share": str(indicator.share),
                "measured_by": indicator.measured_by,
            }
            for indicator in summary.indicators
        ],
        "records": summary.record_count,
        "participants": summary.participants,
        "volunteer_hours": str(summary.volunteer_hours),
        "lines": [
            {
                "category": line.label,
                "note": line.note,
                "budget": str(line.budget),
                "spent": str(line.spent),
                "share": str(line.share),
                "flagged": line.is_flagged,
            }
            for line in summary.lines
        ],
        "budget_total": str(summary.budget_total),
        "spent_total": str(summary.spent_total),
        "spent_share": str(summary.spent_share),
        "received": str(summary.received),
        "above_received": summary.above_received,
        "visits": summary.visit_count,
        "open_follow_ups": summary.open_follow_ups,
    }


def content_for(report: DeliveryReport, *, today: date) -> ReportContent:
    """The report as it would be generated now, from the records as they are."""
    project = report.project
    summary = progress.project_progress(project, today=today)
    records = list(
        project.service_records.select_related("community")
        .prefetch_related(
            Prefetch("progress", queryset=IndicatorProgress.objects.select_related("indicator")),
            "photos",
        )
        .order_by("occurred_on", "id")
    )
    return ReportContent(
        report=report,
        project=project,
        figures=figures_of(summary),
        records=records,
        visits=list(project.site_visits.order_by("visited_on", "id")),
        made_at=timezone.now(),
    )


# --- the renderer the reports app registers ---------------------------------------------

ReportRenderer = Callable[[ReportContent], bytes]
_RENDERERS: list[ReportRenderer] = []


def set_renderer(render: ReportRenderer) -> None:
    """Called by the reports app once it is ready."""
    _RENDERERS[:] = [render]


def render(content: ReportContent) -> bytes:
    if not _RENDERERS:
        raise ImproperlyConfigured("No renderer of generated reports: install the reports app.")
    return _RENDERERS[0](content)


# --- the use cases ---------------------------------------------------------------------------


def _report_for(project: Project, kind: str) -> DeliveryReport:
    due = report_due(project)
    if due is None or due != kind:
        raise Refused(
            [
                _("The %(report)s cannot be written while the project is “%(state)s”.")
                % {
                    "report": AttachmentKind(kind).label,
                    "state": project.get_state_display(),
                }
            ]
        )
    report, _created = DeliveryReport.objects.get_or_create(project=project, kind=kind)
    report.project = project  # the locked instance, with its programme
    return report


def _write(report: DeliveryReport, narrative: Narrative) -> None:
    report.progress_summary = narrative.progress_summary.strip()
    report.problems = narrative.problems.strip()
    report.next_steps = narrative.next_steps.strip()
    refuse_invalid(report)


@transaction.atomic
def save_report(*, project: Project, kind: str, by: User, narrative: Narrative) -> DeliveryReport:
    """Keep the organisation's narrative as a draft; nothing is filed yet."""
    project = entries.lock_running(project, by=by, allowed=permissions.may_record_delivery)
    report = _report_for(project, kind)
    _write(report, narrative)
    report.save()
    return report


@transaction.atomic
def submit_report(*, project: Project, kind: str, by: User, narrative: Narrative) -> DeliveryReport:
    """Generate the report from the records as they are now, with the narrative, and file
    the PDF as the stage's report. Submitting again (before the officer opens the stage)
    files a new PDF; the earlier one stays in the attachments."""
    project = entries.lock_running(project, by=by, allowed=permissions.may_record_delivery)
    report = _report_for(project, kind)
    _write(report, narrative)
    if not report.progress_summary:  # the view keeps what was typed
        raise Refused([_("Describe the progress and results before submitting the report.")])
    with override(settings.LANGUAGE_CODE):
        content = content_for(report, today=timezone.localdate())
        document = render(content)
        filename = f"{content.title}-{project.title}-{timezone.localdate():%Y%m%d}.pdf"
    report.figures = content.figures
    report.attachment = proposals.attach(
        project=project, kind=kind, upload=ContentFile(document, name=filename), by=by
    )
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save()
    return report
