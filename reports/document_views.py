"""The documents a bureau prints, signs and files that were added with the document kit:
项目协议书 (PDF and an editable Word copy), the editable Word copy of the 立项通知书,
结项证书, 拨付通知 per payment and an expert's 评分表. Each is fetched through the user's
scoped queryset (a row outside it is a 404), then asks its predicate (403)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import override
from django.views.decorators.http import require_GET

from grants.models import Payment, Project, ProjectState
from reports import builders, documents, permissions, word
from reports.downloads import DOCX, file_response, pdf_response
from reviews import permissions as review_permissions
from reviews.models import ScoreSheet


def _project(request: HttpRequest, pk: int, states) -> Project:
    projects = Project.objects.visible_to(request.user).filter(state__in=states)
    return get_object_or_404(
        projects.select_related("organisation", "call__programme", "community__street"), pk=pk
    )


def _agreement_project(request: HttpRequest, pk: int) -> Project:
    project = _project(request, pk, documents.AGREEMENT_STATES)
    if not permissions.may_read_agreement(request.user, project):
        raise PermissionDenied
    return project


@require_GET
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """项目协议书: from approval (to sign, number and date left blank) onwards."""
    project = _agreement_project(request, pk)
    with override(settings.LANGUAGE_CODE):
        context = documents.agreement(project)
        name = documents.agreement_filename(project)
    return pdf_response(request, "reports/pdf/agreement.html", context, name)


@require_GET
def agreement_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement as an editable Word file, for the officer to adjust before sealing."""
    project = _agreement_project(request, pk)
    if not permissions.may_edit_documents(request.user):
        raise PermissionDenied
    with override(settings.LANGUAGE_CODE):
        content = word.agreement_docx(documents.agreement(project), bureau=settings.BUREAU_NAME)
        name = documents.agreement_filename(project, "docx")
    return file_response(content, name, DOCX)


@require_GET
def approval_notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The 立项通知书 as an editable Word file (same wording as the PDF)."""
    project = get_object_or_404(builders.notice_projects(request.user), pk=pk)
    if not permissions.may_read_approval_notice(request.user, project):
        raise PermissionDenied
    if not permissions.may_edit_documents(request.user):
        raise PermissionDenied
    with override(settings.LANGUAGE_CODE):
        content = word.notice_docx(documents.notice(project), bureau=settings.BUREAU_NAME)
        name = documents.notice_filename(project, "docx")
    return file_response(content, name, DOCX)


@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """结项证书: a project closed with grade 合格 or better."""
    project = _project(request, pk, {ProjectState.CLOSED})
    if project.grade not in documents.CERTIFIED_GRADES:
        raise Http404
    if not permissions.may_read_agreement(request.user, project):
        raise PermissionDenied
    with override(settings.LANGUAGE_CODE):
        context = documents.certificate(project)
        name = documents.certificate_filename(project)
    return pdf_response(request, "reports/pdf/certificate.html", context, name)


@require_GET
def payment_notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """拨付通知 of one payment."""
    payments = Payment.objects.filter(
        tranche__project__in=Project.objects.visible_to(request.user)
    ).select_related(
        "tranche__project__organisation", "tranche__project__call", "tranche__project__community"
    )
    payment = get_object_or_404(payments, pk=pk)
    if not permissions.may_read_payment_notice(request.user, payment.tranche.project):
        raise PermissionDenied
    with override(settings.LANGUAGE_CODE):
        context = documents.payment_notice(payment)
        name = documents.payment_notice_filename(payment)
    return pdf_response(request, "reports/pdf/payment_notice.html", context, name)


def printable_score_sheets(request: HttpRequest):
    """Officers may print every sheet; an expert of the pool only its own."""
    user = request.user
    sheets = ScoreSheet.objects.select_related(
        "expert", "panel__project__organisation", "panel__project__call", "panel__rubric"
    ).prefetch_related("scores")
    if review_permissions.can_manage_panels(user):
        return sheets
    expert = review_permissions.expert_profile(user)
    if expert is None:
        raise PermissionDenied
    return sheets.filter(expert=expert)


@require_GET
def score_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert's 评分表 to sign: criteria, points, comments, total, name and date."""
    sheet = get_object_or_404(printable_score_sheets(request), pk=pk)
    if not permissions.may_print_score_sheet(request.user, sheet):
        raise PermissionDenied
    with override(settings.LANGUAGE_CODE):
        context = documents.score_sheet(sheet)
        name = documents.score_sheet_filename(sheet)
    return pdf_response(request, "reports/pdf/score_sheet.html", context, name)
