"""Importing needs from an Excel sheet, and its template."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from community import need_imports, permissions
from community.forms import NeedImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
def need_import(request: HttpRequest) -> HttpResponse:
    if not permissions.records_needs(request.user):
        raise PermissionDenied
    form = NeedImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = need_imports.import_needs(form.cleaned_data["workbook"], by=request.user)
            except ValidationError as refused:
                form.add_error("workbook", refused)
        if form.errors:
            status = 400
        elif report is not None and report.problems:
            status = 409
    return render(
        request,
        "community/needs/import.html",
        {"form": form, "report": report, "headers": need_imports.HEADERS},
        status=status,
    )


@require_GET
def need_import_template(request: HttpRequest) -> HttpResponse:
    if not permissions.records_needs(request.user):
        raise PermissionDenied
    response = HttpResponse(need_imports.template_workbook(), content_type=XLSX)
    # RFC 6266: an ASCII name for old clients, the Chinese one in filename*.
    response["Content-Disposition"] = (
        'attachment; filename="needs-template.xlsx"; '
        f"filename*=UTF-8''{quote('需求导入模板.xlsx')}"
    )
    return response
