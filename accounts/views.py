from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts import choosers, permissions
from accounts.dashboards import panels_for
from accounts.filters import OrganisationFilter
from accounts.privacy import shown_phone

ORGANISATIONS_PER_PAGE = 25


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"panels": panels_for(request.user)})


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_browse_organisations(request.user):
        raise PermissionDenied
    filterset = OrganisationFilter(
        request.GET, queryset=permissions.visible_organisations(request.user), user=request.user
    )
    page = Paginator(filterset.qs, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.html",
        {"filter": filterset, "page": page},
    )


@require_GET
def my_organisations(request: HttpRequest) -> HttpResponse:
    if not permissions.is_applicant(request.user):
        raise PermissionDenied
    organisations = request.user.organisations.select_related("home_community__street")
    return render(request, "accounts/my_organisations.html", {"organisations": organisations})


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(permissions.visible_organisations(request.user), pk=pk)
    members = None
    in_full = permissions.can_view_members(request.user, organisation)
    if in_full:
        members = organisation.members.order_by("username")
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "members": members,
            "contact_phone": shown_phone(organisation.contact_phone, in_full=in_full),
        },
    )


@require_GET
def choices(request: HttpRequest, source: str) -> HttpResponse:
    """The options of a ``SearchSelect`` that the words typed under it find."""
    return _choices(request, choosers.SOURCES.get(source))


@login_not_required
@require_GET
def public_choices(request: HttpRequest, source: str) -> HttpResponse:
    """The same for the lists a public page offers (the registration form's)."""
    found = choosers.SOURCES.get(source)
    return _choices(request, found if found is not None and found.public else None)


def _choices(request: HttpRequest, found: choosers.Source | None) -> HttpResponse:
    if found is None:
        raise Http404
    # The select's current value, sent under its own name (``field``).
    field = request.GET.get("field", "")
    chosen = request.GET.get(field, "") if field not in {"", "q", "field", "blank"} else ""
    options, more = choosers.matches(found, request.user, request.GET.get("q", ""), chosen)
    return render(
        request,
        "accounts/partials/choice_options.html",
        {
            "options": options,
            "chosen": chosen,
            "more": more,
            "blank": request.GET.get("blank") != "0",
        },
    )
