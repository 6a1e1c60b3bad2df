"""Pages of the needs list: the work list of each role (filtered, counted, with the
street's batch forward / return), a need's page with what became of it and the steps the
user may take, recording and editing a need, its evidence."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from community import needs, permissions
from community.filters import NeedFilter
from community.forms import (
    BatchForm,
    CommentForm,
    EvidenceForm,
    MergeForm,
    NeedForm,
    ReasonForm,
    ReferForm,
)
from community.models import Need, NeedEvidence, NeedState
from grants.refusals import NotAvailable, Refused

NEEDS_PER_PAGE = 30

# The steps offered on a need's page: who may take each (403 for anyone else), and the
# form each needs (None: a button). Screening has a page of its own.
ACTIONS = {
    "report": (permissions.keeps_need, None),
    "forward": (permissions.sorts_need, CommentForm),
    "return_to_community": (permissions.sorts_need, ReasonForm),
    "merge": (permissions.decides_need, MergeForm),
    "refer": (permissions.decides_need, ReferForm),
    "decline": (permissions.decides_need, ReasonForm),
}


def _visible(request: HttpRequest):
    return Need.objects.visible_to(request.user)


def _require_follower(request: HttpRequest) -> None:
    if not permissions.follows_needs(request.user):
        raise PermissionDenied


# --- the list ------------------------------------------------------------------------------


@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    _require_follower(request)
    return _list_page(request, request.GET)


def _list_page(
    request: HttpRequest, query, *, batch: BatchForm | None = None, problems=(), status=200
) -> HttpResponse:
    user = request.user
    filterset = NeedFilter(query, queryset=_visible(request).for_list(), user=user)
    page = Paginator(filterset.qs, NEEDS_PER_PAGE).get_page(query.get("page"))
    counts = filterset.counts_by_state() if filterset.is_valid() else {}
    sorts = permissions.sorts_needs(user)
    return render(
        request,
        "community/needs/list.html",
        {
            "filter": filterset,
            "page": page,
            "tabs": _state_tabs(query, counts),
            "filters_used": [
                name
                for name, value in (
                    filterset.form.cleaned_data if filterset.is_valid() else {}
                ).items()
                if name != "state" and value not in (None, "", False)
            ],
            "can_record": permissions.records_needs(user),
            "sorts": sorts,
            "decides": permissions.decides_needs(user),
            "sees_responses": permissions.follows_need_responses(user),
            "batch": batch or (BatchForm(needs=Need.objects.none()) if sorts else None),
            "picked": batch.data.getlist("need") if batch is not None else [],
            "problems": problems,
            "export_query": query.urlencode(),
        },
        status=status,
    )


def _state_tabs(query, counts: dict[str, int]) -> list[dict[str, Any]]:
    """A link per state with its count, keeping the other filters; then "all"."""
    chosen = query.getlist("state")
    rest = query.copy()
    rest.pop("state", None)
    rest.pop("page", None)
    base = rest.urlencode()
    tabs = [
        {
            "label": _("All"),
            "count": sum(counts.values()),
            "url": "?" + base,
            "current": not chosen,
        }
    ]
    for value, label in NeedState.choices:
        tabs.append(
            {
                "label": label,
                "count": counts.get(value, 0),
                "url": f"?{base}&state={value}" if base else f"?state={value}",
                "current": chosen == [value],
                "state": value,
            }
        )
    return tabs


@require_POST
def need_batch(request: HttpRequest) -> HttpResponse:
    """The street forwards or returns the ticked needs, all or none."""
    user = request.user
    if not permissions.sorts_needs(user):
        raise PermissionDenied
    waiting = _visible(request).filter(state=NeedState.REPORTED)
    form = BatchForm(request.POST, needs=waiting)
    back = request.POST.get("back") or "state=reported"
    if not form.is_valid():
        return _batch_refused(request, back, form, [], status=400)
    chosen = list(form.cleaned_data["need"])
    try:
        if form.cleaned_data["action"] == BatchForm.FORWARD:
            needs.forward_needs(
                needs=chosen,
                by=user,
                comment=form.cleaned_data["reason"],
                seen_state=NeedState.REPORTED,
            )
            done = _("%(count)s needs forwarded to the district.")
        else:
            needs.return_needs(
                needs=chosen,
                by=user,
                reason=form.cleaned_data["reason"],
                seen_state=NeedState.REPORTED,
            )
            done = _("%(count)s needs returned to their community.")
    except Refused as refused:
        return _batch_refused(request, back, form, refused.problems, status=409)
    messages.success(request, done % {"count": len(chosen)})
    return redirect(reverse("community:need_list") + "?" + back)


def _batch_refused(request, back: str, form: BatchForm, problems, *, status: int) -> HttpResponse:
    return _list_page(request, QueryDict(back), batch=form, problems=problems, status=status)


# --- one need ------------------------------------------------------------------------------


def _need(request: HttpRequest, pk: int) -> Need:
    return get_object_or_404(_visible(request).for_list(), pk=pk)


@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "community/needs/detail.html", _detail_context(request, _need(request, pk))
    )


def _detail_context(request: HttpRequest, need: Need, bound=None) -> dict:
    user: User = request.user
    offered = {t.name for t in need.get_available_user_state_transitions(user)}
    actions = []
    for name in ACTIONS:
        if name not in offered:
            continue
        if bound and bound[0] == name:
            _, form, problems = bound
            actions.append({"name": name, "form": form, "open": True, "problems": problems})
        else:
            actions.append(
                {"name": name, "form": _action_form(name, need), "open": False, "problems": []}
            )
    keeps = permissions.keeps_need(need, user) and need.is_kept
    return {
        "need": need,
        "actions": actions,
        "can_screen": "screen" in offered,
        "can_edit": keeps,
        "evidence_form": EvidenceForm() if keeps else None,
        "evidence": need.evidence.select_related("uploaded_by"),
        "timeline": need.logs.select_related("actor"),
        "draft": need.answering_draft,
    }


def _action_form(name: str, need: Need, data=None):
    form_class = ACTIONS[name][1]
    if form_class is None:
        return None
    if form_class is MergeForm:
        return MergeForm(data, need=need, prefix=name)
    return form_class(data, prefix=name)


@require_POST
def need_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    need = _need(request, pk)
    if name not in ACTIONS or not ACTIONS[name][0](need, request.user):
        raise PermissionDenied
    form = _action_form(name, need, request.POST)
    if form is not None and not form.is_valid():
        return _refused(request, need, name, form, [], status=400)
    try:
        _take_action(
            name,
            need=need,
            by=request.user,
            seen_state=request.POST.get("seen_state") or None,
            data=form.cleaned_data if form else {},
        )
    except NotAvailable as refused:
        messages.error(request, refused.problems[0])
        return redirect(need)
    except Refused as refused:
        return _refused(request, need, name, form, refused.problems, status=409)
    messages.success(
        request,
        _("Done: the need is now “%(state)s”.")
        % {"state": Need.objects.get(pk=pk).get_state_display()},
    )
    return redirect(need)


def _refused(request, need: Need, name: str, form, problems, *, status: int) -> HttpResponse:
    context = _detail_context(request, need, bound=(name, form, problems))
    return render(request, "community/needs/detail.html", context, status=status)


def _take_action(
    name: str, *, need: Need, by: User, seen_state: str | None, data: dict[str, Any]
) -> None:
    """Call the use case of the page action ``name`` with what its form collected."""
    match name:
        case "report":
            needs.report_needs(needs=[need], by=by, seen_state=seen_state)
        case "forward":
            needs.forward_needs(needs=[need], by=by, comment=data["comment"], seen_state=seen_state)
        case "return_to_community":
            needs.return_needs(needs=[need], by=by, reason=data["reason"], seen_state=seen_state)
        case "merge":
            needs.merge_need(
                need=need,
                into=data["into"],
                by=by,
                comment=data["comment"],
                seen_state=seen_state,
            )
        case "refer":
            needs.refer_need(
                need=need,
                department=data["department"],
                note=data["note"],
                by=by,
                seen_state=seen_state,
            )
        case "decline":
            needs.decline_need(need=need, by=by, reason=data["reason"], seen_state=seen_state)


# --- recording and keeping -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.records_needs(user):
        raise PermissionDenied
    form = NeedForm(request.POST or None, user=user)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            need = needs.create_need(need=form.instance, by=user)
        except Refused as refused:
            problems = refused.problems
        else:
            _saved(request, need)
            return redirect(need)
    status = 400 if form.errors else 409 if problems else 200
    return render(
        request,
        "community/needs/form.html",
        {"form": form, "need": None, "problems": problems},
        status=status,
    )


def _saved(request: HttpRequest, need: Need) -> None:
    messages.success(request, _("Saved. Report it to the street when it is complete."))
    if need.possible_duplicate_of is not None:
        messages.warning(
            request,
            _(
                "It looks like “%(title)s” (No. %(number)s) of the same community and year: "
                "it is flagged so the district can merge them."
            )
            % {"title": need.possible_duplicate_of.title, "number": need.possible_duplicate_of.pk},
        )


@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    if not permissions.keeps_need(need, request.user):
        raise PermissionDenied
    if not need.is_kept:
        messages.error(request, NotAvailable(need).problems[0])
        return redirect(need)
    form = NeedForm(request.POST or None, instance=need, user=request.user)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            need = needs.update_need(need=form.instance, by=request.user, changed=form.changed_data)
        except NotAvailable as refused:
            messages.error(request, refused.problems[0])
            return redirect(need)
        except Refused as refused:
            problems = refused.problems
        else:
            _saved(request, need)
            return redirect(need)
    status = 400 if form.errors else 409 if problems else 200
    return render(
        request,
        "community/needs/form.html",
        {"form": form, "need": need, "problems": problems},
        status=status,
    )


@require_POST
def need_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    if not permissions.keeps_need(need, request.user):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(need)
    try:
        needs.attach_evidence(need=need, upload=form.cleaned_data["file"], by=request.user)
    except Refused as refused:
        messages.error(request, refused.problems[0])
    else:
        messages.success(request, _("File attached."))
    return redirect(need)


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(NeedEvidence.objects.filter(need__in=_visible(request)), pk=pk)
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )
