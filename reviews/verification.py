"""Verifying a draw by replaying it, seat by seat.

A draw's record is sealed and replays to the same panels (``experts.draws.verify``); that
alone says nothing of the panels as the database holds them. Here the seats are checked
too: every member a draw seated must still be the expert the replay chooses, on the panel
of the project it was drawn for, and nobody else may claim a seat from that draw. A
panel draw's verification covers its panels' whole history — each replacement drawn for
them is verified the same way, and a member marked as drawn must point to a draw of its
own panel. Seats assigned by hand are the officer's, recorded with a reason; they are
listed, not replayed. Each difference names the panel (project and stage) and the
expert."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from experts import draws
from experts.models import Draw, DrawKind, Expert
from grants.stages import Stage
from reviews.models import MemberSource, Panel, PanelMember


@dataclass(frozen=True)
class DrawCheck:
    sealed: bool
    replayed: bool
    differences: list[str] = field(default_factory=list)

    @property
    def seats_match(self) -> bool:
        return not self.differences

    @property
    def ok(self) -> bool:
        return self.sealed and self.replayed and self.seats_match


def verify_draw(draw: Draw) -> DrawCheck:
    record = draws.verify(draw.seed, draw.inputs, draw.result, draw.digest)
    differences = _seat_differences(draw, _expected(draw))
    if draw.kind == DrawKind.PANEL:
        differences += _history_differences(draw)
    return DrawCheck(record.sealed, record.replayed, differences)


def _expected(draw: Draw) -> dict[int, list[int]]:
    """Project id → expert ids the draw seats: the replay's when it replays, else the
    record's (whose alteration the seal reports)."""
    try:
        panels = draws.replay_inputs(draw.seed, draw.inputs)
    except (draws.DrawImpossible, KeyError, TypeError, ValueError):
        panels = draw.result
    return {int(project): [int(e) for e in experts] for project, experts in panels.items()}


def _label(panel: Panel | None, project_id: int, stage: str, titles: dict[int, str]) -> dict:
    title = panel.project.title if panel is not None else titles.get(project_id, f"#{project_id}")
    return {"project": title, "stage": Stage(stage).label}


def _seat_differences(draw: Draw, expected: dict[int, list[int]]) -> list[str]:
    panels = {
        panel.project_id: panel
        for panel in Panel.objects.filter(project_id__in=expected, stage=draw.stage).select_related(
            "project"
        )
    }
    seats: dict[int, list[PanelMember]] = defaultdict(list)
    for member in PanelMember.objects.filter(draw=draw).select_related("panel__project", "expert"):
        seats[member.panel.project_id].append(member)
    names = _names({e for experts in expected.values() for e in experts})
    titles = {panel.project_id: panel.project.title for panel in panels.values()}
    differences = []
    for project_id in sorted(set(expected) | set(seats)):
        panel = panels.get(project_id)
        stage = seats[project_id][0].panel.stage if seats[project_id] else draw.stage
        where = _label(panel, project_id, stage, titles)
        if project_id in expected and panel is None:
            differences.append(
                _("“%(project)s” (%(stage)s): the panel this draw seated is not in the database.")
                % where
            )
            continue
        if draw.kind == DrawKind.PANEL and panel is not None and panel.draw_id != draw.pk:
            differences.append(
                _(
                    "“%(project)s” (%(stage)s): the panel no longer points to the draw that "
                    "seated it."
                )
                % where
            )
        sitting = {
            member.expert_id: member
            for member in seats[project_id]
            if project_id in expected and member.panel_id == panel.pk
        }
        wrong_panel = [
            member
            for member in seats[project_id]
            if project_id not in expected or member.panel_id != panel.pk
        ]
        drawn = expected.get(project_id, [])
        missing = [e for e in drawn if e not in sitting]
        extra = [m for e, m in sitting.items() if e not in drawn] + wrong_panel
        for expert_id in missing:
            if extra:
                impostor = extra.pop(0)
                differences.append(
                    _(
                        "“%(project)s” (%(stage)s): the seat drawn for %(expected)s is held by "
                        "%(actual)s in the database."
                    )
                    % (
                        where
                        | {
                            "expected": names.get(expert_id, f"#{expert_id}"),
                            "actual": impostor.expert,
                        }
                    )
                )
            else:
                differences.append(
                    _(
                        "“%(project)s” (%(stage)s): %(expert)s was drawn but holds no seat "
                        "from this draw."
                    )
                    % (where | {"expert": names.get(expert_id, f"#{expert_id}")})
                )
        for member in extra:
            differences.append(
                _(
                    "“%(project)s” (%(stage)s): %(expert)s holds a seat from this draw that the "
                    "draw did not give them."
                )
                % (
                    _label(member.panel, member.panel.project_id, member.panel.stage, titles)
                    | {"expert": member.expert}
                )
            )
        for member in seats[project_id]:
            if member.source == MemberSource.MANUAL:
                differences.append(
                    _(
                        "“%(project)s” (%(stage)s): %(expert)s is recorded as assigned by hand "
                        "but points to this draw."
                    )
                    % (where | {"expert": member.expert})
                )
    return differences


def _history_differences(draw: Draw) -> list[str]:
    """The members of the draw's panels that came from elsewhere: every replacement drawn
    for these panels verified (its record and its seat), and no member marked as drawn
    without a draw of its panel."""
    panels = list(Panel.objects.filter(draw=draw))
    projects = [str(panel.project_id) for panel in panels]
    replacements = (
        {
            replacement.pk: replacement
            for replacement in Draw.objects.filter(
                kind=DrawKind.REPLACEMENT, stage=draw.stage, result__has_any_keys=projects
            ).order_by("created_at", "id")
        }
        if projects
        else {}
    )
    differences = []
    for replacement in replacements.values():
        record = draws.verify(
            replacement.seed, replacement.inputs, replacement.result, replacement.digest
        )
        if not record.ok:
            project_id = int(next(iter(replacement.result), 0))
            panel = next((p for p in panels if p.project_id == project_id), None)
            differences.append(
                _(
                    "“%(project)s” (%(stage)s): the replacement draw of %(date)s was altered "
                    "or replays differently."
                )
                % (
                    _label(panel, project_id, replacement.stage, {})
                    | {"date": f"{replacement.created_at:%Y-%m-%d %H:%M}"}
                )
            )
        differences += _seat_differences(replacement, _expected(replacement))
    members = (
        PanelMember.objects.filter(panel__in=panels)
        .exclude(draw=draw)
        .exclude(source=MemberSource.MANUAL, draw__isnull=True)
        .select_related("panel__project", "expert")
        .order_by("panel__project_id", "added_at", "id")
    )
    for member in members:
        if member.source == MemberSource.REPLACEMENT and member.draw_id in replacements:
            continue  # checked with its draw
        if member.source == MemberSource.MANUAL:
            continue  # points to another draw: that draw's check reports it
        where = _label(member.panel, member.panel.project_id, member.panel.stage, {})
        differences.append(
            _(
                "“%(project)s” (%(stage)s): %(expert)s is recorded as drawn, but no draw of "
                "this panel seated them."
            )
            % (where | {"expert": member.expert})
        )
    return differences


def _names(expert_ids: set[int]) -> dict[int, str]:
    return {pk: expert.name for pk, expert in Expert.objects.in_bulk(expert_ids).items()}
