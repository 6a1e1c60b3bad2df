"""The one table of review stages (grants.stages) agrees with the state machine written out
on ``Project``, with the attachment kinds, with the panel page's forms and with the use
cases that open a stage."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role
from grants import lifecycle
from grants.guards import PanelOutcome
from grants.models import (
    REPORT_ATTACHMENTS,
    Attachment,
    AttachmentKind,
    Project,
    ProjectState,
)
from grants.refusals import Refused
from grants.stages import (
    ASSESSED_STAGES,
    FINAL,
    MIDTERM,
    REVIEW_STATES,
    SCORE_HIDDEN_STATES,
    STAGES,
    Stage,
)
from reviews.views import DECISION_FORMS
from tests.factories import ProjectFactory, UserFactory

S = ProjectState
RULES = list(STAGES.values())


def _transitions() -> dict[str, list]:
    """Each transition of ``Project`` by name, one entry per source state."""
    by_name: dict[str, list] = {}
    for transition in Project._meta.get_field("state").get_all_transitions(Project):
        by_name.setdefault(transition.name, []).append(transition)
    return by_name


def _sources(name: str) -> set[str]:
    return {transition.source for transition in _transitions()[name]}


def _target(name: str) -> str:
    (target,) = {transition.target for transition in _transitions()[name]}
    return target


def test_every_stage_has_its_rules_under_its_own_key():
    assert set(STAGES) == set(Stage)
    for key, rules in STAGES.items():
        assert rules.stage == key


def test_the_stages_states_are_disjoint():
    seen: set[str] = set()
    for rules in RULES:
        assert rules.states <= set(S.values)
        assert not rules.states & seen, f"{rules.stage} shares states with another stage"
        seen |= rules.states


def test_the_review_states_are_the_states_in_which_a_panel_scores():
    assert {rules.review_state for rules in RULES} == REVIEW_STATES
    assert {S.UNDER_REVIEW, S.MIDTERM_REVIEW, S.FINAL_REVIEW} == REVIEW_STATES
    for rules in RULES:
        assert rules.review_state in rules.states


@pytest.mark.parametrize("rules", RULES, ids=lambda rules: rules.stage.value)
def test_a_stage_is_its_review_state_and_the_state_its_resubmission_starts_from(rules):
    resubmitted_from = _sources(rules.resubmitted_by) if rules.resubmitted_by else set()
    assert rules.states == {rules.review_state} | resubmitted_from


@pytest.mark.parametrize("rules", RULES, ids=lambda rules: rules.stage.value)
def test_the_opening_transition_leads_into_the_review_state(rules):
    assert rules.opened_by in _transitions()
    assert _target(rules.opened_by) == rules.review_state
    assert not _sources(rules.opened_by) & rules.states


@pytest.mark.parametrize("rules", RULES, ids=lambda rules: rules.stage.value)
def test_the_decisions_are_every_way_out_of_the_review_state_but_termination(rules):
    for name in rules.decisions:
        assert name in _transitions(), f"Project has no transition {name}"
        assert rules.review_state in _sources(name)
    leaving = {
        name
        for name, transitions in _transitions().items()
        if any(transition.source == rules.review_state for transition in transitions)
    }
    assert set(rules.decisions) == leaving - {"terminate"}


@pytest.mark.parametrize("rules", RULES, ids=lambda rules: rules.stage.value)
def test_every_decision_has_its_form_on_the_panel_page(rules):
    assert set(rules.decisions) <= set(DECISION_FORMS)


def test_a_resubmission_returns_to_the_review_state_from_inside_the_stage():
    for rules in RULES:
        if rules.resubmitted_by is None:
            assert rules.resubmission_report is None
            continue
        assert _target(rules.resubmitted_by) == rules.review_state
        assert _sources(rules.resubmitted_by) <= rules.states


def test_every_report_is_a_report_attachment_of_one_stage():
    reports = [kind for rules in RULES for kind in rules.reports]
    assert all(isinstance(kind, AttachmentKind) for kind in reports)
    assert len(reports) == len(set(reports))
    assert set(reports) == REPORT_ATTACHMENTS


def test_the_assessment_reports_are_those_of_the_mid_term_and_the_final_stage():
    assert [rules.stage for rules in ASSESSED_STAGES] == [Stage.MIDTERM, Stage.FINAL]
    for rules in ASSESSED_STAGES:
        assert rules.states <= rules.assessment_states <= set(S.values)
        assert S.TERMINATED not in rules.assessment_states
    assert STAGES[Stage.INITIAL].assessment_states == frozenset()


def test_the_stage_transitions_are_its_opening_decisions_and_resubmission():
    assert set(MIDTERM.transitions) == {
        "open_midterm",
        "pass_midterm",
        "require_rectification",
        "resubmit_rectification",
    }
    assert set(FINAL.transitions) == {"open_final", "close"}


def test_the_panel_score_is_hidden_until_the_initial_review_is_decided():
    assert {S.DRAFT, S.SUBMITTED, S.RETURNED, S.UNDER_REVIEW} == SCORE_HIDDEN_STATES


# --- the use cases that open a stage ask for the table's report ------------------------


def _attach(project, kind, by):
    return Attachment.objects.create(
        project=project,
        kind=kind,
        file=f"attachments/{project.pk}/{kind}.pdf",
        original_name=f"{kind}.pdf",
        extension=".pdf",
        storage_token=f"token-{project.pk}-{kind}-{Attachment.objects.count()}",
        size=100,
        uploaded_by=by,
    )


def _member(project):
    return UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])


OPENING = {"open_midterm": lifecycle.open_midterm, "open_final": lifecycle.open_final}


@pytest.mark.django_db
@pytest.mark.parametrize("rules", [MIDTERM, FINAL], ids=lambda rules: rules.stage.value)
def test_a_stage_opens_only_once_its_report_is_uploaded(rules, officer):
    project = ProjectFactory(state=S.IN_PROGRESS, midterm_passed=rules is FINAL)
    member = _member(project)
    open_stage = OPENING[rules.opened_by]
    with pytest.raises(Refused) as refused:
        open_stage(project=project, by=officer)
    assert str(rules.report.label) in refused.value.problems[0]
    _attach(project, rules.report, member)
    assert open_stage(project=project, by=officer).state == rules.review_state


@pytest.mark.django_db
def test_a_rectification_is_answered_only_with_the_stages_resubmission_report(officer):
    project = ProjectFactory(state=S.IN_PROGRESS)
    member = _member(project)
    _attach(project, MIDTERM.report, member)
    project = lifecycle.open_midterm(project=project, by=officer)
    project = lifecycle.require_rectification(
        project=project,
        by=officer,
        outcome=PanelOutcome(assigned=3, submitted=3, score=Decimal("55.00")),
        findings="台账不全",
        deadline=timezone.localdate() + timedelta(days=14),
    )
    assert project.state in MIDTERM.states
    with pytest.raises(Refused) as refused:
        lifecycle.resubmit_rectification(project=project, by=member)
    assert str(MIDTERM.resubmission_report.label) in refused.value.problems[0]
    _attach(project, MIDTERM.resubmission_report, member)
    project = lifecycle.resubmit_rectification(project=project, by=member)
    assert project.state == MIDTERM.review_state
