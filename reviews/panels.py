"""Drawing panels, replacing and assigning members, recusals — each conflict-checked and
recorded with who did it and why."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from experts import draws
from experts.conflicts import conflicted_pairs, is_conflicted
from experts.models import Draw, DrawKind, Expert, Recusal
from grants.models import Call, Project, ProjectReader
from grants.refusals import Refused, refuse_invalid_values
from grants.stages import REVIEW_STATES, STAGES, Stage
from reviews import notifications, permissions, verification
from reviews.models import MemberSource, Panel, PanelMember
from reviews.rubrics import current_rubric

DEFAULT_REQUIRED_FIELDS: dict[str, list[str]] = {
    Stage.INITIAL: [],
    Stage.MIDTERM: ["finance"],
    Stage.FINAL: ["finance"],
}
DEFAULT_SIZE = 5
DEFAULT_LOAD_CAP = 8
DEFAULT_DAYS_TO_SCORE = 14


# A recusal's reason (up to its own 200 characters) is shortened to fit the seat's.
REMOVED_REASON_LENGTH = 200


def _require_officer(user: User) -> None:
    if not permissions.can_manage_panels(user):
        raise PermissionDenied


def projects_awaiting_panel(call: Call, stage: str) -> QuerySet[Project]:
    return call.projects.filter(state=STAGES[stage].review_state).exclude(panels__stage=stage)


def with_awaiting_counts(calls: QuerySet[Call]) -> QuerySet[Call]:
    """``calls`` annotated with ``awaiting_<stage>`` for every stage: how many of each
    call's projects wait for a panel at that stage (as ``projects_awaiting_panel``
    counts them), in the calls' own query."""
    counts = {}
    for stage in Stage:
        waiting = (
            Project.objects.filter(call=OuterRef("pk"), state=STAGES[stage].review_state)
            .exclude(panels__stage=stage)
            .order_by()
            .values("call")
            .annotate(count=Count("pk"))
            .values("count")
        )
        counts[f"awaiting_{stage}"] = Coalesce(Subquery(waiting), 0)
    return calls.annotate(**counts)


def _open_load(stage: str) -> dict[int, int]:
    """Seats each expert holds on panels of the stage whose project is still in review."""
    rows = (
        PanelMember.objects.filter(
            removed_at__isnull=True,
            panel__stage=stage,
            panel__project__state=STAGES[stage].review_state,
        )
        .values("expert_id")
        .annotate(seats=Count("id"))
    )
    return {row["expert_id"]: row["seats"] for row in rows}


def _inputs(
    projects: Sequence[Project],
    experts: Sequence[Expert],
    *,
    size: int,
    required_fields: Iterable[str],
    load_cap: int,
    stage: str,
    exclude: dict[int, list[int]] | None = None,
) -> dict:
    return {
        "projects": sorted(project.pk for project in projects),
        "candidates": {str(expert.pk): sorted(expert.fields) for expert in experts},
        "conflicts": sorted([list(pair) for pair in conflicted_pairs(experts, projects)]),
        "size": size,
        "required_fields": list(required_fields),
        "load_cap": load_cap,
        "existing_load": {str(k): v for k, v in _open_load(stage).items()},
        "exclude": {str(k): v for k, v in (exclude or {}).items()},
    }


def still_scoring(seats: Iterable[PanelMember]) -> list[PanelMember]:
    """The seats on panels that still score their project; a panel whose stage is over
    keeps its members, as its record is history."""
    return [
        seat for seat in seats if seat.panel.project.state == STAGES[seat.panel.stage].review_state
    ]


def lock_experts(expert_ids: Iterable[int]) -> None:
    """The experts' rows, in id order: seating takes them after choosing, and a conflict
    that arises (``reviews.conflicts``) takes them before looking for seats, so the two
    never pass each other unseen."""
    list(Expert.objects.select_for_update().filter(pk__in=set(expert_ids)).order_by("pk"))


def _refuse_conflicts_arisen(seating: dict[int, list[int]], projects: Sequence[Project]) -> None:
    """With the chosen experts locked, their conflicts once more: a tie or membership
    committed since the draw read them is seen now, and the seating is refused."""
    chosen = {expert_id for expert_ids in seating.values() for expert_id in expert_ids}
    lock_experts(chosen)
    pairs = conflicted_pairs(Expert.objects.filter(pk__in=chosen), projects)
    if any((e, p) in pairs for p, expert_ids in seating.items() for e in expert_ids):
        raise Refused(
            [_("A conflict of interest was recorded for a chosen expert meanwhile; draw again.")]
        )


def _record_draw(
    *,
    kind: str,
    stage: str,
    inputs: dict,
    by: User,
    reason: str = "",
    seed: str | None = None,
    titles: dict[int, str] | None = None,
) -> Draw:
    seed = seed or draws.new_seed()
    result = draws.replay_inputs(seed, inputs, titles)
    return Draw.objects.create(
        kind=kind,
        stage=stage,
        seed=seed,
        inputs=inputs,
        result=result,
        digest=draws.seal(seed, inputs, result),
        created_by=by,
        reason=reason,
    )


@transaction.atomic
def draw_panels(
    *,
    call: Call,
    stage: str,
    by: User,
    size: int = DEFAULT_SIZE,
    required_fields: list[str] | None = None,
    load_cap: int = DEFAULT_LOAD_CAP,
    deadline: date | None = None,
    seed: str | None = None,
) -> Draw:
    """One draw for every project of the call waiting for a ``stage`` panel.

    Draws for one call wait for each other on the call's row, so two officers drawing at
    once never seat two panels for one project: the second finds nothing left to draw."""
    _require_officer(by)
    Call.objects.select_for_update().filter(pk=call.pk).exists()
    projects = list(projects_awaiting_panel(call, stage).select_for_update())
    if not projects:
        raise Refused([_("No project of this call is waiting for a panel at this stage.")])
    experts = list(Expert.objects.filter(is_active=True))
    required = DEFAULT_REQUIRED_FIELDS[stage] if required_fields is None else required_fields
    inputs = _inputs(
        projects, experts, size=size, required_fields=required, load_cap=load_cap, stage=stage
    )
    try:
        draw = _record_draw(
            kind=DrawKind.PANEL,
            stage=stage,
            inputs=inputs,
            by=by,
            seed=seed,
            titles={project.pk: project.title for project in projects},
        )
    except draws.DrawImpossible as impossible:
        raise Refused([impossible.message]) from impossible
    _refuse_conflicts_arisen(
        {int(project): seated for project, seated in draw.result.items()}, projects
    )
    deadline = deadline or timezone.localdate() + timedelta(days=DEFAULT_DAYS_TO_SCORE)
    rubric = current_rubric(call.programme, stage)
    seats: list[PanelMember] = []
    for project in projects:
        panel = Panel.objects.create(
            project=project, stage=stage, rubric=rubric, draw=draw, deadline=deadline
        )
        panel.project = project
        seated = draw.result[str(project.pk)]
        by_pk = {expert.pk: expert for expert in experts}
        seats += PanelMember.objects.bulk_create(
            PanelMember(
                panel=panel,
                expert=by_pk[expert_id],
                source=MemberSource.DRAWN,
                draw=draw,
                added_by=by,
            )
            for expert_id in seated
        )
        _grant_reading(project.pk, [by_pk[expert_id].user_id for expert_id in seated])
    notifications.expert_seated(seats)
    return draw


def verify_draw(draw: Draw) -> verification.DrawCheck:
    """The draw's record and the seats it gave, as the database holds them now."""
    return verification.verify_draw(draw)


def _lock_panel(panel: Panel) -> Panel:
    return Panel.objects.select_for_update().select_related("project").get(pk=panel.pk)


@transaction.atomic
def replace_member(
    *, panel: Panel, by: User, reason: str, member: PanelMember | None = None
) -> PanelMember:
    """Draw one expert for the panel the same recorded way: in place of ``member`` (who
    leaves, with the reason), or for a seat a recusal left empty."""
    _require_officer(by)
    if not reason.strip():
        raise Refused([_("Give a reason for the replacement.")])
    refuse_invalid_values(PanelMember, reason=reason)
    panel = _lock_panel(panel)
    if member is not None:
        member = PanelMember.objects.select_for_update().get(
            pk=member.pk, panel=panel, removed_at__isnull=True
        )
    seated = list(panel.members.values_list("expert_id", flat=True))  # past members too
    experts = list(Expert.objects.filter(is_active=True))
    inputs = _inputs(
        [panel.project],
        experts,
        size=1,
        required_fields=_still_required(panel, member),
        load_cap=DEFAULT_LOAD_CAP,
        stage=panel.stage,
        exclude={panel.project_id: seated},
    )
    try:
        draw = _record_draw(
            kind=DrawKind.REPLACEMENT,
            stage=panel.stage,
            inputs=inputs,
            by=by,
            reason=reason,
            titles={panel.project_id: panel.project.title},
        )
    except draws.DrawImpossible as impossible:
        raise Refused([impossible.message]) from impossible
    chosen = next(e for e in experts if e.pk == draw.result[str(panel.project_id)][0])
    _refuse_conflicts_arisen({panel.project_id: [chosen.pk]}, [panel.project])
    if member is not None:
        remove_member(member, project_id=panel.project_id, by=by, reason=reason)
        notifications.expert_unseated(member)
    seat = PanelMember.objects.create(
        panel=panel,
        expert=chosen,
        source=MemberSource.REPLACEMENT,
        draw=draw,
        added_by=by,
        reason=reason,
    )
    _grant_reading(panel.project_id, [chosen.user_id])
    notifications.expert_seated([seat])
    return seat


def _still_required(panel: Panel, leaving: PanelMember | None) -> list[str]:
    """Required fields the panel would miss without ``leaving``."""
    required = DEFAULT_REQUIRED_FIELDS[panel.stage]
    staying = Expert.objects.filter(panel_seats__panel=panel, panel_seats__removed_at__isnull=True)
    if leaving is not None:
        staying = staying.exclude(pk=leaving.expert_id)
    covered = {field for expert in staying for field in expert.fields}
    return [field for field in required if field not in covered]


def vacancies(panel: Panel) -> int:
    """Seats the panel's draw filled that are empty now (after recusals or conflicts)."""
    if panel.draw_id is None:
        return 0
    return max(0, panel.drawn_size - panel.members.filter(removed_at__isnull=True).count())


def _grant_reading(project_id: int, user_ids: list[int]) -> None:
    """Seated experts read the project (its page, budget and attachments). A reader who
    already reads it through another panel keeps the one row: the unique constraint
    drops the duplicate."""
    ProjectReader.objects.bulk_create(
        [ProjectReader(project_id=project_id, user_id=user_id) for user_id in user_ids],
        ignore_conflicts=True,
    )


def remove_member(member: PanelMember, *, project_id: int, by: User, reason: str) -> None:
    """The member leaves the panel (recorded, never deleted); with its last seat on the
    project its reading of the project ends. Called with the seat locked."""
    member.removed_at = timezone.now()
    member.removed_by = by
    member.removed_reason = reason
    member.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    still_seated = PanelMember.objects.filter(
        expert_id=member.expert_id, panel__project_id=project_id, removed_at__isnull=True
    ).exists()
    if not still_seated:
        ProjectReader.objects.filter(project_id=project_id, user_id=member.expert.user_id).delete()


@transaction.atomic
def assign_manually(*, panel: Panel, expert: Expert, by: User, reason: str) -> PanelMember:
    _require_officer(by)
    panel = _lock_panel(panel)
    problems = []
    if not reason.strip():
        problems.append(_("Give a reason for assigning by hand."))
    refuse_invalid_values(PanelMember, reason=reason)
    lock_experts([expert.pk])  # a tie declared meanwhile is seen by the check below
    if is_conflicted(expert, panel.project):
        problems.append(
            _(
                "%(expert)s has a conflict of interest with this project and cannot sit on "
                "its panel."
            )
            % {"expert": expert.name}
        )
    if panel.members.filter(expert=expert, removed_at__isnull=True).exists():
        problems.append(_("%(expert)s is already on this panel.") % {"expert": expert.name})
    if problems:
        raise Refused(problems)
    seat = PanelMember.objects.create(
        panel=panel, expert=expert, source=MemberSource.MANUAL, added_by=by, reason=reason
    )
    _grant_reading(panel.project_id, [expert.user_id])
    notifications.expert_seated([seat])
    return seat


@transaction.atomic
def recuse(*, expert: Expert, project: Project, by: User, reason: str) -> Recusal:
    """An expert steps aside; its seats on the project's panels are vacated for the officer
    to draw replacements."""
    if not permissions.may_recuse(by, expert):
        raise PermissionDenied
    if not reason.strip():
        raise Refused([_("Give a reason for stepping aside.")])
    refuse_invalid_values(Recusal, reason=reason.strip())
    # The project, then the expert, in the order a draw takes them (its panels, then the
    # experts it chose): a draw seating the expert meanwhile sees the recusal or is seen
    # by it, and a second click finds the seats already empty.
    Project.objects.select_for_update().filter(pk=project.pk).exists()
    lock_experts([expert.pk])
    recusal, _created = Recusal.objects.get_or_create(
        expert=expert, project=project, defaults={"reason": reason.strip()}
    )
    vacated = still_scoring(
        PanelMember.objects.select_for_update(of=("self",))
        .filter(expert=expert, panel__project=project, removed_at__isnull=True)
        .select_related("panel__project", "expert")
        .order_by("pk")
    )
    for member in vacated:
        remove_member(
            member,
            project_id=project.pk,
            by=by,
            reason=Truncator(_("Recused: %(reason)s") % {"reason": reason.strip()}).chars(
                REMOVED_REASON_LENGTH
            ),
        )
    if vacated:
        notifications.panel_vacancies(vacated)  # the officers draw the replacements
    return recusal


def assignments_of(expert: Expert) -> QuerySet[PanelMember]:
    return (
        PanelMember.objects.filter(expert=expert, removed_at__isnull=True)
        .select_related("panel__project__organisation", "panel__project__call")
        .filter(panel__project__state__in=REVIEW_STATES)
        .order_by("panel__deadline")
    )
