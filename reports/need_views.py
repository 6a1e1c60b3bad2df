"""The needs list's downloads: the list as filtered, the 需求响应 figures, and the feedback
to departments (workbook and letters), each behind the permission and scoping of the
page it comes from."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.models import Department, Need
from community.responses import need_response
from reports import needs, permissions
from reports.documents import filename
from reports.downloads import pdf_response
from reports.views import _download


@require_GET
def needs_xlsx(request: HttpRequest) -> FileResponse:
    """需求清单: exactly the rows of the needs list with its filters, all pages."""
    if not permissions.may_export_needs(request.user):
        raise PermissionDenied
    query = request.GET.copy()
    query.pop("page", None)
    title = _("Needs list")
    return _download(
        needs.need_list_sheets(needs.filtered_needs(request.user, query)),
        title=title,
        filename=filename("需求清单", f"{timezone.localdate():%Y%m%d}", extension="xlsx"),
        user=request.user,
    )


@require_GET
def need_responses_xlsx(request: HttpRequest, year: int) -> FileResponse:
    """需求响应: the year's figures by channel, category and street, scoped like the page."""
    if not permissions.may_export_need_responses(request.user):
        raise PermissionDenied
    figures = need_response(Need.objects.visible_to(request.user), year)
    title = _("Response to needs")
    return _download(
        needs.response_sheets(figures),
        title=f"{title} {year}",
        filename=filename("需求响应", year, extension="xlsx"),
        user=request.user,
    )


@require_GET
def department_feedback_xlsx(request: HttpRequest, year: int) -> FileResponse:
    """Needs referred to departments and screened needs not funded, for the departments."""
    if not permissions.may_send_department_feedback(request.user):
        raise PermissionDenied
    title = _("Feedback to departments")
    return _download(
        needs.feedback_sheets(Need.objects.visible_to(request.user), year),
        title=f"{title} {year}",
        filename=filename("需求反馈", year, extension="xlsx"),
        user=request.user,
    )


@require_GET
def department_letter_pdf(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """The letter to one department: its referred needs and the screened needs of its
    categories that no project took, for its own purchase of services."""
    if not permissions.may_send_department_feedback(request.user):
        raise PermissionDenied
    departments = Department.objects.filter(pk=pk)
    if not departments.exists():
        raise Http404
    (feedback,) = needs.department_feedback(
        Need.objects.visible_to(request.user), year, departments
    )
    return pdf_response(
        request,
        "reports/pdf/department_letter.html",
        {"year": year, "feedback": feedback},
        filename("需求反馈函", feedback.department.name, year, extension="pdf"),
    )
