"""What the plan and registry pages share: the page around a record and its steps."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from community.models import CommunityRecord, RecordState
from community.records import STEP_LABELS, Preview
from grants.refusals import Refused

Item = TypeVar("Item", bound=Model)


@dataclass(frozen=True)
class StepButton:
    name: str
    label: str | Promise
    url: str

    @property
    def secondary(self) -> bool:
        return self.name == "return_to_draft"


def step_buttons(
    record: CommunityRecord, user, urls: Iterable[tuple[str, str]]
) -> list[StepButton]:
    """A button for each step (name, URL name) the record's state and the user allow."""
    available = {t.name for t in record.get_available_user_state_transitions(user)}
    return [
        StepButton(name, STEP_LABELS[name], reverse(url_name, args=[record.pk]))
        for name, url_name in urls
        if name in available
    ]


def render_record(
    request: HttpRequest,
    template: str,
    record: CommunityRecord,
    *,
    verdict,
    items,
    keeps: bool,
    form,
    steps: list[StepButton],
    preview_url: str,
    problems: Iterable[str] = (),
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "record": record,
            "items": items,
            "verdict": verdict,
            "flagged": record.state == RecordState.APPROVED and not verdict.passes,
            "keeps": keeps,
            "form": form,
            "problems": problems,
            "steps": steps,
            "preview_url": preview_url,
            "logs": record.logs.select_related("actor"),
        },
        status=status,
    )


def render_item_form(
    request: HttpRequest,
    record: CommunityRecord,
    form: Any,
    *,
    preview_url: str,
    problems: Iterable[str] = (),
    status: int = 200,
) -> HttpResponse:
    """The page that changes one allocation or room (or adds one without JavaScript)."""
    return render(
        request,
        "community/item_form.html",
        {
            "record": record,
            "form": form,
            "back": record.get_absolute_url(),
            "preview_url": preview_url,
            "problems": problems,
        },
        status=status,
    )


def refused_item(
    request: HttpRequest,
    record: CommunityRecord,
    form: Any,
    *,
    is_new: bool,
    record_page: Callable[..., HttpResponse],
    preview_url: str,
    problems: Iterable[str] = (),
    status: int,
) -> HttpResponse:
    """A refused item comes back where it was typed, with everything typed kept: a new one
    in the add form of the record's page, a change on its own edit page."""
    if is_new:
        return record_page(request, record, form=form, problems=problems, status=status)
    return render_item_form(
        request, record, form, preview_url=preview_url, problems=problems, status=status
    )


def posted_item(request: HttpRequest, items: QuerySet[Item]) -> Item | None:
    """The item a preview is about (``item`` posted when editing one), or None for a new
    one; a value that names no item of this record is a 404."""
    value = request.POST.get("item") or ""
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(items, pk=int(value))


def render_preview(
    request: HttpRequest, preview: Preview | None, verdict_template: str
) -> HttpResponse:
    return render(
        request,
        "community/partials/preview.html",
        {"preview": preview, "verdict_template": verdict_template},
    )


def refused_to_home(request: HttpRequest, refused: Refused) -> HttpResponse:
    for problem in refused.problems:
        messages.error(request, problem)
    return redirect("home")


def step_done(request: HttpRequest, record: CommunityRecord) -> None:
    messages.success(
        request, _("Done: it is now “%(state)s”.") % {"state": record.get_state_display()}
    )


def year_from(value) -> int:
    """The year a form posted, or this year when it is missing or absurd."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
