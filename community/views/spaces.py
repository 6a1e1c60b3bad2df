"""Pages of a community's service-space registry: the registry with its R2 verdict,
rooms added, changed and removed, and its steps (submit, approve, return to draft)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import permissions, spaces
from community.forms import RoomForm
from community.models import SpaceRegistry
from community.views.records import (
    posted_item,
    refused_item,
    refused_to_home,
    render_item_form,
    render_preview,
    render_record,
    step_buttons,
    step_done,
    year_from,
)
from grants.refusals import Refused

STEPS = [
    ("submit", "community:registry_submit"),
    ("approve", "community:registry_approve"),
    ("return_to_draft", "community:registry_return"),
]


def _registry(request: HttpRequest, pk: int) -> SpaceRegistry:
    visible = SpaceRegistry.objects.visible_to(request.user).select_related("community__street")
    return get_object_or_404(visible, pk=pk)


def _keeps(request: HttpRequest, registry: SpaceRegistry) -> bool:
    return (
        permissions.keeps_records_of(request.user, registry.community_id) and registry.is_editable
    )


def _page(
    request: HttpRequest, registry: SpaceRegistry, *, form=None, problems=(), status=200
) -> HttpResponse:
    keeps = _keeps(request, registry)
    if form is None and keeps:
        form = RoomForm()
    return render_record(
        request,
        "community/space_detail.html",
        registry,
        verdict=spaces.registry_verdict(registry),
        items=registry.rooms.all(),
        keeps=keeps,
        form=form,
        preview_url=reverse("community:room_preview", args=[registry.pk]),
        steps=step_buttons(registry, request.user, STEPS),
        problems=problems,
        status=status,
    )


@require_GET
def registry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _registry(request, pk))


@require_POST
def registry_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.starts_records(user):
        raise PermissionDenied
    try:
        registry = spaces.create_registry(
            community=user.community, year=year_from(request.POST.get("year")), by=user
        )
    except Refused as refused:
        return refused_to_home(request, refused)
    return redirect("community:registry", pk=registry.pk)


@require_http_methods(["GET", "POST"])
def room_edit(request: HttpRequest, pk: int, item: int | None = None) -> HttpResponse:
    registry = _registry(request, pk)
    if not permissions.keeps_records_of(request.user, registry.community_id):
        raise PermissionDenied
    room = get_object_or_404(registry.rooms, pk=item) if item else None
    form = RoomForm(request.POST or None, instance=room)
    preview_url = reverse("community:room_preview", args=[registry.pk])
    if request.method == "GET":
        return render_item_form(request, registry, form, preview_url=preview_url)
    problems: list[str] = []
    if form.is_valid():
        try:
            spaces.save_room(registry=registry, room=form.instance, by=request.user)
        except Refused as refused:
            problems = refused.problems
        else:
            messages.success(request, _("Saved."))
            return redirect(registry)
    return refused_item(
        request,
        registry,
        form,
        is_new=room is None,
        record_page=_page,
        preview_url=preview_url,
        problems=problems,
        status=409 if problems else 400,
    )


@require_POST
def room_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    registry = _registry(request, pk)
    if not permissions.keeps_records_of(request.user, registry.community_id):
        raise PermissionDenied
    room = get_object_or_404(registry.rooms, pk=item)
    try:
        spaces.remove_room(registry=registry, room=room, by=request.user)
    except Refused as refused:
        return _page(request, registry, problems=refused.problems, status=409)
    messages.success(request, _("Removed."))
    return redirect(registry)


@require_POST
def room_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The live verdict beside the room form: the registry as it would be if the typed
    room were saved. Nothing is saved."""
    registry = _registry(request, pk)
    if not _keeps(request, registry):
        raise PermissionDenied
    item = posted_item(request, registry.rooms.all())
    form = RoomForm(request.POST, instance=item)
    preview = (
        spaces.preview_room(registry=registry, room=form.instance) if form.is_valid() else None
    )
    return render_preview(request, preview, "community/partials/space_verdict.html")


def _step(request: HttpRequest, pk: int, use_case: Callable[..., SpaceRegistry]) -> HttpResponse:
    registry = _registry(request, pk)
    try:
        seen_state = request.POST.get("seen_state") or None
        registry = use_case(registry=registry, by=request.user, seen_state=seen_state)
    except Refused as refused:
        return _page(request, registry, problems=refused.problems, status=409)
    step_done(request, registry)
    return redirect(registry)


@require_POST
def registry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, spaces.submit_registry)


@require_POST
def registry_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, spaces.approve_registry)


@require_POST
def registry_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, spaces.return_registry)
