"""The district's screening pages: forwarded needs into a guide-item draft (new, or one
already made), the drafts with their needs and the projects that took them, and placing
a draft in a call's guide list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import permissions, screening, traces
from community.forms import ExistingDraftForm, GuideDraftForm, PlaceForm
from community.models import GuideItemDraft, Need, NeedState
from grants.refusals import Refused

DRAFTS_PER_PAGE = 30


def _chosen_needs(request: HttpRequest, data) -> list[Need]:
    """The forwarded needs ticked on the list (``need`` repeated), in the user's scope."""
    ids = [value for value in data.getlist("need") if value.isdigit()]
    return list(
        Need.objects.visible_to(request.user)
        .filter(pk__in=ids, state=NeedState.FORWARDED)
        .select_related("community__street")
        .order_by("pk")
    )


def _suggested(chosen: list[Need]) -> dict:
    """What the needs already say, to start the draft from."""
    if not chosen:
        return {}
    first = chosen[0]
    communities = {need.community_id for need in chosen}
    streets = {need.community.street_id for need in chosen}
    return {
        "title": first.title,
        "category": first.category,
        "community": first.community_id if len(communities) == 1 else None,
        "street": first.community.street_id if len(streets) == 1 else None,
        "target_group": "；".join(
            f"{need.affected_group}（{need.people_affected}人，{need.community.name}）"
            for need in chosen
        ),
        "need_statement": "\n".join(need.description for need in chosen),
    }


@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.decides_needs(user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    chosen = _chosen_needs(request, data)
    new_form = GuideDraftForm(
        request.POST if data.get("mode") == "new" else None, initial=_suggested(chosen)
    )
    existing_form = ExistingDraftForm(request.POST if data.get("mode") == "existing" else None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = new_form if data.get("mode") == "new" else existing_form
        if not chosen:
            problems = [_("Choose at least one forwarded need on the list first.")]
            status = 409
        elif not form.is_valid():
            status = 400
        else:
            draft = form.instance if form is new_form else form.cleaned_data["draft"]
            try:
                draft = screening.screen_needs(needs=chosen, draft=draft, by=user)
            except Refused as refused:
                problems, status = refused.problems, 409
            else:
                messages.success(
                    request,
                    _("%(count)s needs screened into “%(title)s”.")
                    % {"count": len(chosen), "title": draft.title},
                )
                return redirect(draft)
    return render(
        request,
        "community/needs/screen.html",
        {
            "chosen": chosen,
            "new_form": new_form,
            "existing_form": existing_form,
            "problems": problems,
            "mode": data.get("mode", "new"),
        },
        status=status,
    )


@require_GET
def guide_drafts(request: HttpRequest) -> HttpResponse:
    if not permissions.follows_guide_drafts(request.user):
        raise PermissionDenied
    drafts = (
        GuideItemDraft.objects.select_related("community__street", "street", "guide_item__call")
        .annotate(
            need_count=Count("needs", distinct=True),
            project_count=Count("guide_item__projects", distinct=True),
        )
        .order_by(F("guide_item").asc(nulls_first=True), "-created_at", "-pk")
    )
    placed = request.GET.get("placed", "")
    if placed in {"yes", "no"}:
        drafts = drafts.filter(guide_item__isnull=placed == "no")
    page = Paginator(drafts, DRAFTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/needs/drafts.html",
        {"page": page, "placed": placed, "decides": permissions.decides_needs(request.user)},
    )


def _draft(pk: int) -> GuideItemDraft:
    return get_object_or_404(
        GuideItemDraft.objects.select_related(
            "community__street", "street", "guide_item__call__programme", "created_by"
        ),
        pk=pk,
    )


def _draft_page(request: HttpRequest, draft: GuideItemDraft, *, form=None, problems=(), status=200):
    decides = permissions.decides_needs(request.user)
    return render(
        request,
        "community/needs/draft_detail.html",
        {
            "draft": draft,
            "needs": traces.draft_needs(draft),
            "projects": traces.draft_projects(draft),
            "place_form": form or (PlaceForm() if decides and not draft.is_placed else None),
            "problems": problems,
        },
        status=status,
    )


@require_GET
def guide_draft(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.follows_guide_drafts(request.user):
        raise PermissionDenied
    return _draft_page(request, _draft(pk))


@require_POST
def guide_draft_place(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.decides_needs(request.user):
        raise PermissionDenied
    draft = _draft(pk)
    form = PlaceForm(request.POST)
    if not form.is_valid():
        return _draft_page(request, draft, form=form, status=400)
    try:
        item = screening.place_draft(
            draft=draft,
            call=form.cleaned_data["call"],
            existing=form.cleaned_data["existing"],
            by=request.user,
        )
    except Refused as refused:
        return _draft_page(request, draft, form=form, problems=refused.problems, status=409)
    messages.success(
        request,
        _("“%(title)s” is in the guide list of %(call)s.")
        % {"title": item.title, "call": item.call.title},
    )
    return redirect(draft)
