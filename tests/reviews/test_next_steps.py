"""Every review page offers the next step (issue 12): the project page says what its
panel awaits and links to it; the draw links each panel; closing shows the final score,
its parts and the grade before it is confirmed; the score sheet shows its total and asks
before it locks."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from experts.models import Stage
from grants import payments
from grants.models import Grade, Project, ProjectState, TrancheStatus
from reviews import panels, sheets
from reviews.models import Panel, SatisfactionSurvey, SheetState
from tests.factories import CallFactory, UserFactory, user_with_role
from tests.reviews.panel_world import expert_pool, projects_under_review, score_panel, seated

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def initial(officer):
    call = CallFactory()
    (project,) = projects_under_review(call, 1)
    expert_pool(5)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=5)
    return Panel.objects.get(project=project)


def _page(client, user, project) -> str:
    client.force_login(user)
    return client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()


def test_the_project_page_says_how_many_sheets_are_in_and_links_officers_to_the_panel(
    client, initial, officer
):
    score_panel(initial, ["0.8", "0.8"])
    page = _page(client, officer, initial.project)
    assert 'data-testid="review-status"' in page
    assert "已提交 2 / 5 份评分表" in page
    assert "还需等待 3 位专家的评分表" in page
    assert f'href="{reverse("reviews:panel", args=[initial.pk])}" data-testid="panel-link"' in page
    member = UserFactory(roles=[Role.APPLICANT], organisations=[initial.project.organisation])
    page = _page(client, member, initial.project)
    assert "已提交 2 / 5 份评分表" in page
    assert 'data-testid="panel-link"' not in page


def test_a_complete_panel_sends_the_officer_to_decide_on_the_panel_page(client, initial, officer):
    score_panel(initial, ["0.8"] * 5)
    page = _page(client, officer, initial.project)
    assert "评分表已全部提交：请在评审组页面作出决定（拟立项 / 不予立项）" in page


def test_a_seated_expert_is_sent_to_their_sheet(client, initial):
    expert = seated(initial)[0].expert.user
    page = _page(client, expert, initial.project)
    assert reverse("reviews:sheet", args=[initial.pk]) in page


def test_without_a_panel_the_officer_is_sent_to_draw_one(client, officer):
    call = CallFactory()
    (project,) = projects_under_review(call, 1)
    page = _page(client, officer, project)
    assert "等待抽取评审专家" in page
    assert reverse("reviews:draw_create", args=[call.pk]) + "?stage=initial" in page


def test_no_review_card_outside_a_review_stage(client, officer, project):
    assert 'data-testid="review-status"' not in _page(client, officer, project)


def test_the_draw_links_each_panel(client, officer):
    call = CallFactory()
    projects_under_review(call, 2)
    expert_pool(4)
    draw = panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=2)
    client.force_login(officer)
    page = client.get(reverse("reviews:draw_detail", args=[draw.pk])).content.decode()
    for panel in Panel.objects.filter(draw=draw):
        assert reverse("reviews:panel", args=[panel.pk]) in page


# --- closing: a preview, then the confirmation ------------------------------------------


@pytest.fixture
def final(officer):
    """A project in its final assessment whose panel of three has scored 90 % each."""
    call = CallFactory()
    (project,) = projects_under_review(call, 1, approved_amount=D("90000.00"))
    Project.objects.filter(pk=project.pk).update(state=ProjectState.FINAL_REVIEW)
    payments.create_schedule(project)
    expert_pool(3)
    panels.draw_panels(call=call, stage=Stage.FINAL, by=officer, size=3)
    panel = Panel.objects.get(project=project, stage=Stage.FINAL)
    score_panel(panel, ["0.9", "0.9", "0.9"])
    return panel


def _survey(project, score):
    community = user_with_role(Role.COMMUNITY_STAFF, community=project.community)
    SatisfactionSurvey.objects.update_or_create(
        project=project, defaults={"respondents": 30, "score": D(score), "entered_by": community}
    )


def test_the_panel_page_sends_closing_to_its_preview(client, final, officer):
    client.force_login(officer)
    page = client.get(reverse("reviews:panel", args=[final.pk])).content.decode()
    assert reverse("reviews:close_preview", args=[final.pk]) in page
    assert reverse("reviews:panel_decide", args=[final.pk, "close"]) not in page


def test_the_preview_shows_the_final_score_its_parts_and_the_grade(client, final, officer):
    _survey(final.project, "80.00")
    client.force_login(officer)
    page = client.get(reverse("reviews:close_preview", args=[final.pk])).content.decode()
    assert 'data-testid="preview-panel">90.00<' in page
    assert 'data-testid="preview-satisfaction">80.00<' in page
    assert "85.00%" in page
    assert "15.00%" in page
    assert 'data-testid="preview-final">88.50<' in page  # 90 × 85 % + 80 × 15 %
    assert 'data-testid="preview-grade">良好<' in page
    assert Project.objects.get(pk=final.project_id).state == ProjectState.FINAL_REVIEW


def test_the_preview_names_what_is_missing_and_offers_no_confirmation(client, final, officer):
    client.force_login(officer)
    page = client.get(reverse("reviews:close_preview", args=[final.pk])).content.decode()
    assert "居民满意度" in page
    assert 'data-action="confirm-close"' not in page


def test_confirming_closes_with_the_score_seen(client, final, officer):
    _survey(final.project, "80.00")
    client.force_login(officer)
    response = client.post(
        reverse("reviews:panel_decide", args=[final.pk, "close"]),
        {"seen_state": ProjectState.FINAL_REVIEW, "close-final_score": "88.50"},
    )
    assert response.status_code == 302
    project = Project.objects.get(pk=final.project_id)
    assert (project.state, project.final_score, project.grade) == (
        ProjectState.CLOSED,
        D("88.50"),
        Grade.GOOD,
    )
    assert project.tranches.get(sequence=3).status == TrancheStatus.DUE


def test_a_score_changed_since_the_preview_is_refused(client, final, officer):
    _survey(final.project, "80.00")
    client.force_login(officer)
    url = reverse("reviews:panel_decide", args=[final.pk, "close"])
    seen = {"seen_state": ProjectState.FINAL_REVIEW, "close-final_score": "90.00"}
    response = client.post(url, seen)
    assert response.status_code == 409
    assert "88.50" in response.content.decode()
    response = client.post(url, {"seen_state": ProjectState.FINAL_REVIEW})  # no preview seen
    assert response.status_code == 400
    assert Project.objects.get(pk=final.project_id).state == ProjectState.FINAL_REVIEW


def test_an_initial_panel_has_no_closing_preview(client, initial, officer):
    client.force_login(officer)
    assert client.get(reverse("reviews:close_preview", args=[initial.pk])).status_code == 404


# --- the score sheet: its total, and a confirmation before it locks ----------------------


def _points(panel, ratio, comment="说明"):
    data = {}
    for criterion in panel.rubric.criteria.all():
        data[f"points_{criterion.pk}"] = str((criterion.max_points * D(ratio)).quantize(D("0.01")))
        data[f"comment_{criterion.pk}"] = comment
    return data


def test_submitting_asks_for_confirmation_with_the_total_and_keeps_a_draft(client, initial):
    expert = seated(initial)[0].expert.user
    client.force_login(expert)
    url = reverse("reviews:sheet", args=[initial.pk])
    assert 'data-testid="sheet-total">0.00<' in client.get(url).content.decode()
    response = client.post(url, {**_points(initial, "0.8"), "submit": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="confirm-submit"' in page
    assert "80.00" in page
    sheet = initial.sheets.get(expert__user=expert)
    assert sheet.state == SheetState.DRAFT
    assert sheet.scores.count() == 6
    assert 'data-testid="sheet-total">80.00<' in client.get(url).content.decode()
    response = client.post(url, {**_points(initial, "0.8"), "submit": "", "confirmed": "1"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.state == SheetState.SUBMITTED


def test_the_confirmation_is_not_offered_while_problems_remain(client, initial):
    expert = seated(initial)[0].expert.user
    client.force_login(expert)
    url = reverse("reviews:sheet", args=[initial.pk])
    response = client.post(url, {**_points(initial, "0.5", comment=""), "submit": ""})
    assert response.status_code == 409
    assert 'data-testid="confirm-submit"' not in response.content.decode()
    assert initial.sheets.get(expert__user=expert).state == SheetState.DRAFT


def test_the_sheet_loads_its_running_total_script(client, initial):
    expert = seated(initial)[0].expert.user
    client.force_login(expert)
    page = client.get(reverse("reviews:sheet", args=[initial.pk])).content.decode()
    assert "reviews/sheet_total" in page
    assert "data-points" in page
    assert sheets.total(initial.sheets.get(expert__user=expert)) == 0
    assert timezone.now()
