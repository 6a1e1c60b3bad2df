"""Officer pages for the expert pool: the list, adding and editing, importing a sheet."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.input_bounds import search_text
from experts import imports, permissions, services
from experts.forms import ExpertForm, ImportForm, NewExpertForm
from experts.models import Expert, ExpertField

EXPERTS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_experts(request.user):
        raise PermissionDenied
    experts = Expert.objects.annotate(tie_count=Count("ties")).order_by("name", "id")
    query = search_text(request.GET.get("q", ""))
    if query:
        experts = experts.filter(Q(name__icontains=query) | Q(affiliation__icontains=query))
    field = request.GET.get("field", "")
    if field in ExpertField.values:
        experts = [e for e in experts if field in e.fields]
    page = Paginator(experts, EXPERTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "experts/expert_list.html",
        {"page": page, "query": query, "field": field, "fields": ExpertField.choices},
    )


@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not permissions.can_manage_experts(request.user):
        raise PermissionDenied
    expert = get_object_or_404(Expert, pk=pk) if pk else None
    form_class = ExpertForm if expert else NewExpertForm
    form = form_class(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        try:
            if expert is None:
                services.create_expert(by=request.user, **form.cleaned_data)
            else:
                form.save()
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Expert saved."))
            return redirect("experts:list")
    return render(request, "experts/expert_form.html", {"form": form, "expert": expert})


@require_http_methods(["GET", "POST"])
def expert_import(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_experts(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.import_experts(form.cleaned_data["workbook"], by=request.user)
        except ValidationError as refused:
            form.add_error("workbook", refused)
    return render(request, "experts/import.html", {"form": form, "report": report})


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_experts(request.user):
        raise PermissionDenied
    response = HttpResponse(imports.template_workbook(), content_type=XLSX)
    # RFC 6266: an ASCII name for old clients, the Chinese one in filename*.
    response["Content-Disposition"] = (
        'attachment; filename="experts-template.xlsx"; '
        f"filename*=UTF-8''{quote('专家导入模板.xlsx')}"
    )
    return response
