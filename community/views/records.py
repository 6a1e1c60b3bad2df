"""What the plan and registry pages share: the page around a record and its steps."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from community.models import CommunityRecord, RecordState
from community.records import STEP_LABELS
from grants.refusals import Refused


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
            "logs": record.logs.select_related("actor"),
        },
        status=status,
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
