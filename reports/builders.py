"""Each report built for a user, the same way for a direct download and for a background
job (which passes itself to report progress)."""

import tempfile
from typing import BinaryIO

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from community.filters import compliance_selection
from grants.filters import ProjectFilter
from grants.models import PAST_APPROVAL_STATES, Call, Project, Tranche
from reports import documents, ledgers
from reports.excel import write_workbook
from reports.models import JobKind, ReportJob
from reports.pdf import render_letters, render_pdf
from reports.progress import set_progress, tracked


def filtered_projects(user: User, query: QueryDict):
    """Exactly the rows the project list shows for these filters (all pages)."""
    return ProjectFilter(query, queryset=Project.objects.visible_to(user).for_list(), user=user).qs


def money_tranches(user: User, year: int | None):
    tranches = Tranche.objects.filter(project__in=Project.objects.visible_to(user))
    return tranches.filter(project__call__year=year) if year else tranches


def _track(sheets, job, totals):
    for sheet, total in zip(sheets, totals, strict=True):
        sheet.rows = tracked(sheet.rows, job=job, total=total)
    return sheets


def project_ledger_file(user: User, query: QueryDict, job: ReportJob | None = None):
    projects = filtered_projects(user, query)
    sheets = _track(ledgers.project_ledger(projects), job, [projects.count()])
    title = _("Project ledger")
    output = write_workbook(sheets, title=title, author=user.display_name)
    return output, documents.filename(
        "项目台账", f"{timezone.localdate():%Y%m%d}", extension="xlsx"
    )


def disbursements_file(user: User, year: int | None, job: ReportJob | None = None):
    tranches = money_tranches(user, year)
    sheets = ledgers.disbursement_ledger(tranches)
    sheets[0].rows = tracked(sheets[0].rows, job=job, total=tranches.count(), span=70)
    title = _("Disbursement ledger")
    output = write_workbook(sheets, title=title, author=user.display_name)
    return output, documents.filename("资金拨付台账", year or "全部年度", extension="xlsx")


def _as_file(content: bytes) -> BinaryIO:
    """A document made in the background, in a rewound temporary file."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed on and closed by the caller
    output.write(content)
    output.seek(0)
    return output


def compliance_report_file(
    user: User, year: int, query: QueryDict, job: ReportJob | None = None
) -> tuple[BinaryIO, str]:
    """社区合规报告 of the communities the compliance page shows for ``query``."""
    selection = compliance_selection(user, year, query)
    set_progress(job, 10)
    with override(settings.LANGUAGE_CODE):
        content = render_pdf(
            "reports/pdf/compliance.html", pdf_context({"year": year, "rows": selection.shown})
        )
    set_progress(job, 95)
    return _as_file(content), documents.filename("社区合规报告", year, extension="pdf")


def notice_projects(user: User):
    """The projects whose approval notices ``user`` may read, with all a notice prints
    (approval moment included): one query for any number of notices."""
    return documents.with_approval_moment(
        Project.objects.visible_to(user)
        .filter(state__in=PAST_APPROVAL_STATES)
        .select_related("organisation", "call", "community__street")
    )


def pdf_context(context: dict) -> dict:
    return {"bureau": settings.BUREAU_NAME, "today": timezone.localdate(), **context}


def call_notices_file(user: User, call_id: int, job: ReportJob | None = None):
    """Every notice of the call in one file, each letter laid out and numbered on its own
    (第 1 页 共 1 页 on each), in the bureau's language."""
    call = Call.objects.get(pk=call_id)
    projects = list(notice_projects(user).filter(call=call).order_by("pk"))
    with override(settings.LANGUAGE_CODE):
        contexts = [pdf_context({"notice": documents.notice(project)}) for project in projects]
        set_progress(job, 10)
        content = render_letters(
            "reports/pdf/approval_notice.html",
            contexts,
            progress=lambda count: set_progress(job, 10 + 85 * count // max(1, len(contexts))),
        )
    set_progress(job, 95)
    return _as_file(content), documents.filename("立项通知书", call.title, extension="pdf")


BUILDERS = {
    JobKind.PROJECT_LEDGER: lambda job: project_ledger_file(
        job.requested_by, QueryDict(job.params.get("query", "")), job
    ),
    JobKind.DISBURSEMENTS: lambda job: disbursements_file(
        job.requested_by, job.params.get("year"), job
    ),
    JobKind.CALL_NOTICES: lambda job: call_notices_file(
        job.requested_by, job.params["call_id"], job
    ),
    JobKind.COMPLIANCE_REPORT: lambda job: compliance_report_file(
        job.requested_by, job.params["year"], QueryDict(job.params.get("query", "")), job
    ),
}
