"""Score sheets are blind and validated; decisions wait for a complete panel."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from experts.models import Expert, Stage
from grants.models import ProjectState
from grants.refusals import Refused
from reviews import decisions, panels, satisfaction, sheets
from reviews.models import Panel, SheetState
from tests.factories import (
    CallFactory,
    ProjectFactory,
    UserFactory,
    user_with_role,
)

D = Decimal


@pytest.fixture
def panel(db, officer):
    for number in range(5):
        user = UserFactory(roles=[Role.EXPERT], full_name=f"评委{number}")
        Expert.objects.create(
            user=user, name=f"评委{number}", affiliation="大学", fields=["finance"]
        )
    call = CallFactory()
    ProjectFactory(call=call, state=ProjectState.UNDER_REVIEW)
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=5)
    return Panel.objects.select_related("project", "rubric").get()


def _entries(panel, ratio):
    return {
        c.pk: sheets.Entry((c.max_points * D(ratio)).quantize(D("0.01")), "说明")
        for c in panel.rubric.criteria.all()
    }


def _score_all(panel, ratios, start=0):
    members = list(panel.members.select_related("expert__user"))[start:]
    for member, ratio in zip(members, ratios, strict=False):
        sheet = sheets.sheet_for(panel=panel, by=member.expert.user)
        sheets.save_sheet(
            sheet=sheet, entries=_entries(panel, ratio), by=member.expert.user, submit=True
        )


def test_points_outside_the_range_and_missing_comments_are_all_reported(panel):
    member = panel.members.first()
    user = member.expert.user
    sheet = sheets.sheet_for(panel=panel, by=user)
    criteria = list(panel.rubric.criteria.all())
    entries = {c.pk: sheets.Entry(c.max_points) for c in criteria}
    entries[criteria[0].pk] = sheets.Entry(D("21"))  # 需求分析 max 20
    entries[criteria[1].pk] = sheets.Entry(D("10"))  # 服务设计 10 < 60 % of 25, no comment
    with pytest.raises(Refused) as raised:
        sheets.save_sheet(sheet=sheet, entries=entries, by=user, submit=True)
    assert raised.value.problems == [
        "需求分析：分值范围为 0 至 20.00。",
        "服务设计：10 低于 25.00 的 60%，请在说明中写明理由。",
    ]
    # A draft keeps low points without a comment; only submitting asks for it.
    entries[criteria[0].pk] = sheets.Entry(D("20"))
    sheets.save_sheet(sheet=sheet, entries=entries, by=user)
    assert sheet.scores.count() == len(criteria)


def test_submitted_sheet_is_locked_until_the_officer_reopens_it(panel, officer):
    member = panel.members.first()
    user = member.expert.user
    sheet = sheets.sheet_for(panel=panel, by=user)
    sheets.save_sheet(sheet=sheet, entries=_entries(panel, "0.8"), by=user, submit=True)
    with pytest.raises(Refused):
        sheets.save_sheet(sheet=sheet, entries=_entries(panel, "0.9"), by=user)
    with pytest.raises(Refused):
        sheets.reopen_sheet(sheet=sheet, by=officer, reason="")
    sheets.reopen_sheet(sheet=sheet, by=officer, reason="分值录入错误")
    sheet.refresh_from_db()
    assert sheet.state == SheetState.DRAFT
    assert list(sheet.events.values_list("action", "reason")) == [
        ("submit", ""),
        ("reopen", "分值录入错误"),
    ]


def test_an_expert_asking_for_another_experts_sheet_gets_404(client, panel):
    first, second = panel.members.select_related("expert__user")[:2]
    sheets.sheet_for(panel=panel, by=first.expert.user)
    outsider = UserFactory(roles=[Role.EXPERT])
    Expert.objects.create(user=outsider, name="局外人", affiliation="大学", fields=[])
    client.force_login(outsider)
    assert client.get(reverse("reviews:sheet", args=[panel.pk])).status_code == 404
    client.force_login(second.expert.user)
    page = client.get(reverse("reviews:sheet", args=[panel.pk]))
    assert page.status_code == 200
    assert page.context["sheet"].expert == second.expert  # only ever one's own sheet


def test_applicants_and_experts_cannot_open_the_panel_page(client, panel):
    url = reverse("reviews:panel", args=[panel.pk])
    for role in (Role.APPLICANT, Role.EXPERT, Role.FINANCE):
        client.force_login(user_with_role(role))
        assert client.get(url).status_code == 403


def test_approve_is_refused_until_every_expert_has_submitted(panel, officer):
    _score_all(panel, ["0.9", "0.8", "0.85"])
    with pytest.raises(Refused) as raised:
        decisions.approve(project=panel.project, by=officer, amount=D("90000.00"))
    assert raised.value.problems[0] == "5 位专家中已有 3 位提交评分表。"
    _score_all(panel, ["0.7", "0.75"], start=3)
    project = decisions.approve(project=panel.project, by=officer, amount=D("90000.00"))
    assert project.state == ProjectState.APPROVED
    assert project.panel_score == D("80.00")  # (80 + 85 + 75) / 3


def test_officer_approves_on_the_panel_page_and_sees_the_score(client, panel, officer):
    _score_all(panel, ["0.9", "0.8", "0.85", "0.7", "0.75"])
    client.force_login(officer)
    page = client.get(reverse("reviews:panel", args=[panel.pk]))
    assert page.context["outcome"].score == D("80.00")
    response = client.post(
        reverse("reviews:panel_decide", args=[panel.pk, "approve"]),
        {"approve-amount": "90000.00", "seen_state": "under_review"},
    )
    assert response.status_code == 302
    panel.project.refresh_from_db()
    assert panel.project.state == ProjectState.APPROVED


@pytest.mark.parametrize(
    ("seen_state", "told"),
    [
        ("approved", "当前状态为“拟立项（公示中）”，不能进行此操作。"),
        ("under_review", "该项目刚刚已被他人处理，当前状态为“拟立项（公示中）”。请核对后再操作。"),
    ],
)
def test_a_decision_already_taken_says_whether_someone_else_took_it(
    client, panel, officer, seen_state, told
):
    _score_all(panel, ["0.9", "0.8", "0.85", "0.7", "0.75"])
    decisions.approve(project=panel.project, by=officer, amount=D("90000.00"))
    client.force_login(officer)
    response = client.post(
        reverse("reviews:panel_decide", args=[panel.pk, "approve"]),
        {"approve-amount": "90000.00", "seen_state": seen_state},
    )
    assert response.status_code == 409
    assert response.context["problems"] == [told]


def test_community_staff_enter_satisfaction_for_their_community_only(db):
    project = ProjectFactory(state=ProjectState.FINAL_REVIEW)
    staff = user_with_role(Role.COMMUNITY_STAFF, community=project.community)
    survey = satisfaction.enter_survey(
        project=project, by=staff, counts={"very_satisfied": 8, "satisfied": 2}
    )
    assert (survey.respondents, survey.score) == (10, D("96.00"))
    with pytest.raises(Refused) as raised:
        satisfaction.enter_survey(project=project, by=staff, respondents=0, score=D("101"))
    assert len(raised.value.problems) == 2
    other = user_with_role(Role.COMMUNITY_STAFF)
    with pytest.raises(PermissionDenied):
        satisfaction.enter_survey(project=project, by=other, respondents=5, score=D("90"))


def test_reminders_go_to_experts_with_unsubmitted_sheets_due_soon(
    panel, django_capture_on_commit_callbacks
):
    members = list(panel.members.select_related("expert__user"))
    for member in members:
        member.expert.email = f"{member.expert.pk}@experts.cn"
        member.expert.save()
    _score_all(panel, ["0.8"])  # the first expert is done
    out = StringIO()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders", days=30, stdout=out)
    assert len(mail.outbox) == 4
    assert members[0].expert.email not in {m.to[0] for m in mail.outbox}
    assert panel.project.title in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders", days=30, stdout=out)  # again today: once a day
        call_command("send_review_reminders", days=1, stdout=out)  # due in 14 days: not yet
    assert mail.outbox == []


def test_a_rubric_in_use_cannot_be_edited_and_new_versions_must_total_100(client, panel):
    admin = user_with_role(Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    rubric = panel.rubric
    page = client.get(reverse("admin:reviews_rubric_change", args=[rubric.pk]))
    assert b'name="criteria-0-max_points"' not in page.content  # read-only once used
    client.post(
        reverse("admin:reviews_rubric_changelist"),
        {"action": "new_version", "_selected_action": [rubric.pk]},
    )
    newer = rubric.programme.rubrics.get(stage=rubric.stage, version=2)
    criteria = list(newer.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, criterion in enumerate(criteria):
        data |= {
            f"criteria-{i}-id": criterion.pk,
            f"criteria-{i}-rubric": newer.pk,
            f"criteria-{i}-order": criterion.order,
            f"criteria-{i}-name": criterion.name,
            f"criteria-{i}-max_points": "30" if i == 0 else criterion.max_points,
        }
    response = client.post(reverse("admin:reviews_rubric_change", args=[newer.pk]), data)
    assert "评分项满分合计 110.00，评分表应为 100 分。" in response.content.decode()
    panel.refresh_from_db()
    assert panel.rubric.version == 1


def test_the_project_page_links_officers_to_its_panel(client, panel, officer):
    client.force_login(officer)
    page = client.get(reverse("grants:project_detail", args=[panel.project.pk])).content.decode()
    assert reverse("reviews:panel", args=[panel.pk]) in page
    assert "立项评审评审组" in page
    client.force_login(user_with_role(Role.APPLICANT, organisations=[panel.project.organisation]))
    page = client.get(reverse("grants:project_detail", args=[panel.project.pk])).content.decode()
    assert reverse("reviews:panel", args=[panel.pk]) not in page


def test_an_expert_sees_the_projects_of_their_panels_only(client, panel):
    seated = panel.members.select_related("expert__user").first().expert.user
    other = ProjectFactory(state=ProjectState.UNDER_REVIEW)
    client.force_login(seated)
    assert client.get(reverse("grants:project_detail", args=[panel.project.pk])).status_code == 200
    assert client.get(reverse("grants:project_detail", args=[other.pk])).status_code == 404
    listed = client.get(reverse("grants:project_list")).context["page"].object_list
    assert [row.id for row in listed] == [panel.project.pk]
    member = panel.members.get(expert__user=seated)
    panels.recuse(expert=member.expert, project=panel.project, by=seated, reason="亲属关系")
    assert client.get(reverse("grants:project_detail", args=[panel.project.pk])).status_code == 404


def test_the_satisfaction_just_entered_is_said_back(client, db):
    from django.contrib.messages import get_messages

    project = ProjectFactory(state=ProjectState.FINAL_REVIEW)
    staff = user_with_role(Role.COMMUNITY_STAFF, community=project.community)
    client.force_login(staff)
    response = client.post(
        reverse("reviews:satisfaction", args=[project.pk]), {"respondents": "120", "score": "92.5"}
    )
    assert response.status_code == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == ["居民满意度已保存：120 位居民，92.50 分。"]
