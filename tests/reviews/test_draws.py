"""Draws never seat a conflicted expert, replay to the same panels, and detect tampering."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Role
from experts import draws
from experts.models import Expert, ExpertTie, Recusal, Stage, TieKind
from grants.models import Project, ProjectState
from grants.refusals import Refused
from notifications.kinds import Kind
from notifications.models import Notification
from reviews import panels, sheets
from reviews.models import Criterion, Panel, Rubric
from tests.factories import (
    CallFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    UserFactory,
    user_with_role,
)

FIELDS = ["elderly", "finance", "youth", "law"]


@given(
    seed=st.text(min_size=1, max_size=12),
    pool=st.dictionaries(
        st.integers(1, 40), st.lists(st.sampled_from(FIELDS), max_size=2), min_size=1, max_size=25
    ),
    projects=st.lists(st.integers(100, 130), min_size=1, max_size=6, unique=True),
    conflict_rate=st.integers(0, 4),
    size=st.integers(1, 5),
    required=st.lists(st.sampled_from(FIELDS), max_size=2, unique=True),
    cap=st.integers(1, 6),
)
@settings(max_examples=200)
def test_no_draw_ever_seats_a_conflicted_expert(
    seed, pool, projects, conflict_rate, size, required, cap
):
    conflicts = {(e, p) for e in pool for p in projects if (e * p) % 5 < conflict_rate}
    kwargs = {
        "seed": seed,
        "projects": projects,
        "candidates": pool,
        "conflicts": conflicts,
        "size": size,
        "required_fields": required,
        "load_cap": cap,
        "existing_load": {},
    }
    try:
        result = draws.choose_panels(**kwargs)
    except draws.DrawImpossible:
        return
    load = {}
    for project, chosen in result.items():
        assert len(chosen) == len(set(chosen)) == size
        assert not any((expert, project) in conflicts for expert in chosen)
        assert all(any(field in pool[e] for e in chosen) for field in required)
        for expert in chosen:
            load[expert] = load.get(expert, 0) + 1
    assert max(load.values()) <= cap
    assert draws.choose_panels(**kwargs) == result  # the same seed replays the same panels


@pytest.fixture
def pool(db):
    experts = []
    for number in range(8):
        user = UserFactory(roles=[Role.EXPERT], full_name=f"专家{number}")
        experts.append(
            Expert.objects.create(
                user=user,
                name=f"专家{number}",
                affiliation="大学",
                fields=["finance"] if number < 2 else ["elderly"],
            )
        )
    return experts


def _projects(call, count=3):
    return [
        ProjectFactory(
            call=call, state=ProjectState.UNDER_REVIEW, organisation=SocialOrganisationFactory()
        )
        for _ in range(count)
    ]


def test_draw_respects_membership_ties_and_recusals(pool, officer):
    call = CallFactory()
    projects = _projects(call)
    member_org = projects[0].organisation
    pool[0].user.memberships.create(organisation=member_org)  # works for it
    ExpertTie.objects.create(
        expert=pool[1], organisation=projects[1].organisation, kind=TieKind.BOARD
    )
    Recusal.objects.create(expert=pool[2], project=projects[2], reason="亲属")
    draw = panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=5)
    seated = {int(p): set(e) for p, e in draw.result.items()}
    assert pool[0].pk not in seated[projects[0].pk]
    assert pool[1].pk not in seated[projects[1].pk]
    assert pool[2].pk not in seated[projects[2].pk]
    assert Panel.objects.filter(draw=draw).count() == 3


def test_replay_matches_and_tampering_is_detected(pool, officer):
    call = CallFactory()
    _projects(call)
    draw = panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    assert panels.verify_draw(draw).ok
    first_project = next(iter(draw.result))
    draw.result[first_project] = [*reversed(draw.result[first_project][1:]), pool[7].pk]
    tampered = panels.verify_draw(draw)
    assert not tampered.sealed
    assert not tampered.ok
    draw.refresh_from_db()
    draw.inputs["size"] = 2
    assert not panels.verify_draw(draw).ok


def test_impossible_constraint_is_named(pool, officer):
    call = CallFactory()
    _projects(call, 1)
    with pytest.raises(Refused) as raised:
        panels.draw_panels(
            call=call, stage=Stage.INITIAL, by=officer, size=3, required_fields=["law"]
        )
    assert "法律" in raised.value.problems[0]
    with pytest.raises(Refused) as raised:
        panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=9)
    assert "9" in raised.value.problems[0]


def test_manual_assignment_of_a_conflicted_expert_is_refused(pool, officer):
    call = CallFactory()
    (project,) = _projects(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    panel = Panel.objects.get(project=project)
    outsider = next(e for e in pool if not panel.members.filter(expert=e).exists())
    ExpertTie.objects.create(expert=outsider, organisation=project.organisation, kind=TieKind.OTHER)
    with pytest.raises(Refused) as raised:
        panels.assign_manually(panel=panel, expert=outsider, by=officer, reason="补充")
    assert outsider.name in raised.value.problems[0]


def test_a_tie_declared_after_the_draw_stops_the_expert_from_scoring(pool, officer):
    call = CallFactory()
    (project,) = _projects(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    member = Panel.objects.get(project=project).members.first()
    sheet = sheets.sheet_for(panel=member.panel, by=member.expert.user)
    ExpertTie.objects.create(
        expert=member.expert, organisation=project.organisation, kind=TieKind.OTHER
    )
    with pytest.raises(Refused):
        sheets.save_sheet(sheet=sheet, entries={}, by=member.expert.user)


def test_recusal_vacates_the_seat_and_a_replacement_is_drawn_and_logged(pool, officer):
    call = CallFactory()
    (project,) = _projects(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    panel = Panel.objects.get(project=project)
    leaving = panel.members.first()
    panels.recuse(expert=leaving.expert, project=project, by=leaving.expert.user, reason="曾任顾问")
    leaving.refresh_from_db()
    assert leaving.removed_at is not None
    assert panel.members.filter(removed_at__isnull=True).count() == 2
    other = panel.members.filter(removed_at__isnull=True).first()
    replacement = panels.replace_member(
        panel=panel, member=other, by=officer, reason="出差无法评审"
    )
    assert replacement.source == "replacement"
    assert replacement.expert_id not in {leaving.expert_id, other.expert_id}
    assert panels.verify_draw(replacement.draw).ok
    assert panels.vacancies(panel) == 1  # the recused seat
    filled = panels.replace_member(panel=panel, by=officer, reason="补足回避空缺")
    assert filled.expert_id not in {leaving.expert_id, other.expert_id, replacement.expert_id}
    assert panels.vacancies(panel) == 0
    with pytest.raises(PermissionDenied):
        panels.recuse(expert=replacement.expert, project=project, by=officer, reason="x")


def test_a_recusal_tells_the_officers_of_the_empty_seat_once(pool, officer):
    call = CallFactory()
    (project,) = _projects(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    panel = Panel.objects.get(project=project)
    leaving = panel.members.first()
    for _twice in range(2):  # a second click finds the seat already empty: no second word
        panels.recuse(
            expert=leaving.expert, project=project, by=leaving.expert.user, reason="曾任顾问"
        )
    told = Notification.objects.filter(user=officer, kind=Kind.PANEL_VACANCY)
    assert told.count() == 1
    assert project.title in told.get().subject
    assert "曾任顾问" in told.get().body
    assert told.get().url == reverse("reviews:panel", args=[panel.pk])


def test_a_recusal_leaves_the_panels_whose_stage_is_over_as_they_were(pool, officer):
    call = CallFactory()
    (project,) = _projects(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    seat = Panel.objects.get(project=project).members.first()
    Project.objects.filter(pk=project.pk).update(state=ProjectState.APPROVED)  # review over
    panels.recuse(expert=seat.expert, project=project, by=seat.expert.user, reason="曾任顾问")
    seat.refresh_from_db()
    assert seat.removed_at is None  # the record of the review stays as it was
    assert Recusal.objects.filter(expert=seat.expert, project=project).exists()  # for later
    assert not Notification.objects.filter(kind=Kind.PANEL_VACANCY).exists()


def test_panel_keeps_its_rubric_version(pool, officer):
    call = CallFactory()
    (project,) = _projects(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    panel = Panel.objects.get(project=project)
    assert sum(c.max_points for c in panel.rubric.criteria.all()) == Decimal("100")
    newer = Rubric.objects.create(programme=call.programme, stage=Stage.INITIAL, version=2)
    Criterion.objects.create(rubric=newer, order=1, name="综合", max_points=Decimal("100"))
    panel.refresh_from_db()
    assert panel.rubric.version == 1


def test_deadline_defaults_to_two_weeks(pool, officer):
    call = CallFactory()
    _projects(call, 1)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    assert Panel.objects.get().deadline == timezone.localdate() + timedelta(days=14)


def test_only_officers_draw(pool):
    with pytest.raises(PermissionDenied):
        panels.draw_panels(call=CallFactory(), stage=Stage.INITIAL, by=user_with_role(Role.EXPERT))
