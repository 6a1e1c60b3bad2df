"""Score sheets: an expert's own points per criterion, saved as a draft or submitted
(then locked); the officer may reopen a submitted sheet, with a logged reason."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from experts.conflicts import is_conflicted
from grants.refusals import Refused, invalid_problems, refuse_invalid_values
from reviews import permissions
from reviews.models import Criterion, Panel, Score, ScoreSheet, SheetEvent, SheetState

LOW_SHARE = Decimal("0.6")  # below 60 % of a criterion's maximum a comment is required


@dataclass(frozen=True)
class Entry:
    points: Decimal | None
    comment: str = ""


def sheet_for(*, panel: Panel, by: User) -> ScoreSheet:
    """The user's own sheet on a panel they sit on (created on first opening)."""
    expert = getattr(by, "expert_profile", None)
    if not permissions.is_seated(expert, panel):
        raise PermissionDenied
    sheet, _created = ScoreSheet.objects.get_or_create(panel=panel, expert=expert)
    return sheet


def entry_problems(
    criteria: list[Criterion], entries: dict[int, Entry], *, submitting: bool
) -> list[str]:
    """Every problem with the entries at once, named by criterion."""
    problems = []
    for criterion in criteria:
        entry = entries.get(criterion.pk, Entry(None))
        if entry.points is None:
            if submitting:
                problems.append(_("%(name)s: enter the points.") % {"name": criterion.name})
            continue
        if not Decimal("0") <= entry.points <= criterion.max_points:
            problems.append(
                _("%(name)s: points go from 0 to %(max)s.")
                % {"name": criterion.name, "max": criterion.max_points}
            )
        elif (
            submitting
            and entry.points < criterion.max_points * LOW_SHARE
            and not entry.comment.strip()
        ):
            problems.append(
                _("%(name)s: %(points)s is below 60%% of %(max)s; explain it in a comment.")
                % {"name": criterion.name, "points": entry.points, "max": criterion.max_points}
            )
    return problems


@transaction.atomic
def save_sheet(
    *, sheet: ScoreSheet, entries: dict[int, Entry], by: User, submit: bool = False
) -> ScoreSheet:
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("panel__project", "panel__rubric", "expert")
        .get(pk=sheet.pk)
    )
    if not permissions.may_score(by, sheet):
        raise PermissionDenied
    if is_conflicted(sheet.expert, sheet.panel.project):
        raise Refused([_("You have a conflict of interest with this project and cannot score it.")])
    if sheet.state == SheetState.SUBMITTED:
        raise Refused([_("This sheet was submitted and is locked.")])
    criteria = list(sheet.panel.rubric.criteria.all())
    problems = entry_problems(criteria, entries, submitting=submit)
    if problems:
        raise Refused(problems)
    problems = [
        problem
        for criterion in criteria
        if (entry := entries.get(criterion.pk)) is not None and entry.points is not None
        for problem in invalid_problems(
            Score(sheet=sheet, criterion=criterion, points=entry.points, comment=entry.comment)
        )
    ]
    if problems:
        raise Refused(problems)
    for criterion in criteria:
        entry = entries.get(criterion.pk)
        if entry is None or entry.points is None:
            Score.objects.filter(sheet=sheet, criterion=criterion).delete()
            continue
        Score.objects.update_or_create(
            sheet=sheet,
            criterion=criterion,
            defaults={"points": entry.points, "comment": entry.comment.strip()},
        )
    if submit:
        sheet.state = SheetState.SUBMITTED
        sheet.submitted_at = timezone.now()
        sheet.save(update_fields=["state", "submitted_at", "updated_at"])
        SheetEvent.objects.create(sheet=sheet, action="submit", by=by)
    return sheet


@transaction.atomic
def reopen_sheet(*, sheet: ScoreSheet, by: User, reason: str) -> ScoreSheet:
    if not permissions.can_manage_panels(by):
        raise PermissionDenied
    if not reason.strip():
        raise Refused([_("Give a reason for reopening the sheet.")])
    refuse_invalid_values(SheetEvent, reason=reason.strip())
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.state != SheetState.SUBMITTED:
        raise Refused([_("Only a submitted sheet can be reopened.")])
    sheet.state = SheetState.DRAFT
    sheet.save(update_fields=["state", "updated_at"])
    SheetEvent.objects.create(sheet=sheet, action="reopen", by=by, reason=reason.strip())
    return sheet


def total(sheet: ScoreSheet) -> Decimal:
    return sum((score.points for score in sheet.scores.all()), Decimal("0"))
