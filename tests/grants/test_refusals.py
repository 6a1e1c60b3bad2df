"""A refused action says what happened: the state does not offer it, or someone else
changed the project — the latter only when someone really did."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from grants import forms, lifecycle, proposals
from grants.models import Project, ProjectState, TransitionLog
from grants.refusals import NotAvailable, ProjectChanged, Refused
from grants.transitions import fire
from tests.factories import ProjectFactory, every_check

pytestmark = pytest.mark.django_db
S = ProjectState
NOT_AVAILABLE_UNDER_REVIEW = "当前状态为“立项评审中”，不能进行此操作。"
CHANGED_TO_UNDER_REVIEW = "该项目刚刚已被他人处理，当前状态为“立项评审中”。请核对后再操作。"
SOMEONE_ELSE = "他人"


def test_both_refusals_are_the_one_neutral_refusal():
    assert issubclass(NotAvailable, Refused)
    assert issubclass(ProjectChanged, Refused)
    assert not issubclass(NotAvailable, ProjectChanged)


def test_an_action_the_state_does_not_offer_is_not_available(officer):
    project = ProjectFactory(state=S.UNDER_REVIEW)
    with pytest.raises(NotAvailable) as raised:
        lifecycle.accept_for_review(project=project, by=officer, confirmed=every_check(project))
    assert raised.value.problems == [NOT_AVAILABLE_UNDER_REVIEW]
    assert not TransitionLog.objects.exists()


def test_the_state_the_user_saw_still_holds_so_nobody_changed_it(officer):
    project = ProjectFactory(state=S.UNDER_REVIEW)
    with pytest.raises(NotAvailable) as raised:
        lifecycle.mark_ineligible(
            project=project, by=officer, reason="材料不全", seen_state=S.UNDER_REVIEW
        )
    assert not isinstance(raised.value, ProjectChanged)
    assert SOMEONE_ELSE not in raised.value.problems[0]


def test_a_condition_of_the_state_machine_is_not_available_either(officer):
    running = ProjectFactory(state=S.IN_PROGRESS)  # the mid-term is not passed yet
    with pytest.raises(NotAvailable) as raised:
        lifecycle.open_final(project=running, by=officer, seen_state=S.IN_PROGRESS)
    assert raised.value.problems == ["当前状态为“实施中”，不能进行此操作。"]


def test_a_state_other_than_the_one_seen_means_someone_changed_it(officer):
    project = ProjectFactory(state=S.UNDER_REVIEW)
    with pytest.raises(ProjectChanged) as raised:
        lifecycle.accept_for_review(project=project, by=officer, seen_state=S.SUBMITTED)
    assert raised.value.problems == [CHANGED_TO_UNDER_REVIEW]


def test_a_row_changed_under_the_transition_is_someone_elses_change(officer):
    project = ProjectFactory(state=S.SUBMITTED)
    Project.objects.filter(pk=project.pk).update(state=S.INELIGIBLE)  # another request won
    with pytest.raises(ProjectChanged) as raised:
        fire(project, Project.accept_for_review, by=officer)
    assert "资格审查未通过" in raised.value.problems[0]
    assert not TransitionLog.objects.exists()


def test_the_log_names_the_transition_it_was_given(officer):
    project = ProjectFactory(state=S.SUBMITTED)
    lifecycle.accept_for_review(
        project=project, by=officer, confirmed=every_check(project), comment=" 材料齐全 "
    )
    log = TransitionLog.objects.get()
    assert (log.transition, log.from_state, log.to_state) == (
        "accept_for_review",
        S.SUBMITTED,
        S.UNDER_REVIEW,
    )
    lines = log.comment.splitlines()  # the screening checklist, then the comment
    assert (lines[0], lines[1][:6], lines[-1]) == ("资格审查：", "✓ 机构信息", "材料齐全")


def test_saving_a_draft_a_colleague_submitted_meanwhile_is_their_change(project, member):
    form = forms.ProjectForm(instance=project)  # the page as the applicant opened it
    Project.objects.filter(pk=project.pk).update(state=S.SUBMITTED)
    with pytest.raises(ProjectChanged):
        proposals.save_draft(form=form, budget_formset=None, by=member)


def test_saving_a_proposal_that_is_not_editable_is_not_available(member):
    submitted = ProjectFactory(state=S.SUBMITTED)
    with pytest.raises(NotAvailable):
        proposals.save_draft(
            form=forms.ProjectForm(instance=submitted), budget_formset=None, by=member
        )


# --- what the project page says ---------------------------------------------------------


def _act(client, project, name, **data):
    response = client.post(reverse("grants:project_action", args=[project.pk, name]), data)
    return response, [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("seen_state", [None, S.UNDER_REVIEW])
def test_page_says_an_action_is_not_available_not_that_someone_changed_it(
    client, officer, seen_state
):
    project = ProjectFactory(state=S.UNDER_REVIEW)
    client.force_login(officer)
    data = {"seen_state": seen_state} if seen_state else {}
    response, shown = _act(client, project, "accept_for_review", **data)
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:project_detail", args=[project.pk])
    assert shown == [NOT_AVAILABLE_UNDER_REVIEW]


def test_page_says_someone_changed_the_project_when_someone_did(client, officer):
    project = ProjectFactory(state=S.UNDER_REVIEW)
    client.force_login(officer)
    response, shown = _act(client, project, "accept_for_review", seen_state=S.SUBMITTED)
    assert response.status_code == 302
    assert shown == [CHANGED_TO_UNDER_REVIEW]


def test_page_lists_a_guard_refusal_with_the_action_open(client, officer):
    project = ProjectFactory(state=S.SUBMITTED)
    client.force_login(officer)
    yesterday = timezone.localdate() - timedelta(days=1)
    response, shown = _act(
        client,
        project,
        "return_for_revision",
        seen_state=S.SUBMITTED,
        **{"return_for_revision-reason": "预算说明不清", "return_for_revision-deadline": yesterday},
    )
    assert response.status_code == 409
    (action,) = [a for a in response.context["actions"] if a["open"]]
    assert action["name"] == "return_for_revision"
    assert action["problems"]
    assert SOMEONE_ELSE not in " ".join(action["problems"])
    assert shown == []
