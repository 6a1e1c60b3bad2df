from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from grants.models import Attachment, Programme, ProjectState
from tests.factories import (
    CallFactory,
    ProgrammeFactory,
    ProjectFactory,
    SocialOrganisationFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def _list_queries(client, how_many):
    call = CallFactory()
    for _ in range(how_many):
        ProjectFactory(call=call, budget=[])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("grants:project_list"))
    assert response.status_code == 200
    return len(queries)


def test_project_list_runs_the_same_queries_for_5_and_50_projects(client, officer):
    client.force_login(officer)
    assert _list_queries(client, 5) == _list_queries(client, 45)


def test_project_list_filters_by_state_text_and_sorts(client, officer):
    ProjectFactory(title="银龄守望", state=ProjectState.SUBMITTED, requested_amount=Decimal("2"))
    ProjectFactory(title="彩虹课堂", state=ProjectState.DRAFT, requested_amount=Decimal("1"))
    client.force_login(officer)
    url = reverse("grants:project_list")
    titles = lambda response: [p.title for p in response.context["page"].object_list]  # noqa: E731
    assert titles(client.get(url, {"state": "submitted"})) == ["银龄守望"]
    assert titles(client.get(url, {"q": "彩虹"})) == ["彩虹课堂"]
    assert titles(client.get(url, {"sort": "requested"})) == ["彩虹课堂", "银龄守望"]
    assert client.get(url, {"year": "abc", "page": "999"}).status_code == 200


def test_filter_choices_are_scoped_for_applicants(client, project, member):
    SocialOrganisationFactory(name="别家机构")
    client.force_login(member)
    response = client.get(reverse("grants:project_list"))
    organisations = list(response.context["filter"].form.fields["organisation"].queryset)
    assert organisations == [project.organisation]


def _edit_data(project, **changes):
    data = {
        "title": project.title,
        "community": project.community_id,
        "service_targets": "老人",
        "needs_analysis": "需求",
        "service_content": "内容",
        "goals": "目标",
        "requested_amount": "100000.00",
        "matching_funds": "10000.00",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-category": "activity",
        "budget-0-amount": "100000.00",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        **changes,
    }
    return data


def test_draft_saves_without_guards_and_records_who_changed_what(client):
    project = ProjectFactory(budget=[])
    member = user_with_role(Role.APPLICANT, organisations=[project.organisation])
    client.force_login(member)
    url = reverse("grants:project_edit", args=[project.pk])
    response = client.post(url, _edit_data(project, requested_amount="999999.00"))
    assert response.status_code == 302  # saved although far above the programme maximum
    change = project.changes.get()
    assert change.user == member
    assert "requested_amount" in change.fields
    assert "budget_lines" in change.fields
    page = client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert f"{member.display_name}：" in page
    assert "申请金额" in page


def test_bad_input_on_the_draft_keeps_what_was_typed(client):
    project = ProjectFactory(budget=[])
    member = user_with_role(Role.APPLICANT, organisations=[project.organisation])
    client.force_login(member)
    response = client.post(
        reverse("grants:project_edit", args=[project.pk]),
        _edit_data(
            project,
            needs_analysis="很长的需求分析",
            period_start="2026-12-01",
            period_end="2026-01-01",
            **{"budget-0-amount": "-5"},
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "很长的需求分析" in html
    assert "服务周期的结束日期须晚于开始日期" in html
    assert response.context["budget"].errors[0]


def test_submit_refusal_shows_every_problem_on_the_page(client):
    project = ProjectFactory(goals="", budget=[])
    member = user_with_role(Role.APPLICANT, organisations=[project.organisation])
    client.force_login(member)
    response = client.post(
        reverse("grants:project_action", args=[project.pk, "submit"]), {"seen_state": "draft"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "请填写：目标与指标。" in html
    assert "请至少添加一条预算明细。" in html


def test_stale_action_is_told_and_redirected(client, officer):
    project = ProjectFactory(state=ProjectState.UNDER_REVIEW)
    client.force_login(officer)
    response = client.post(
        reverse("grants:project_action", args=[project.pk, "accept_for_review"]),
        {"seen_state": "submitted"},
        follow=True,
    )
    assert "该项目刚刚已被他人处理" in response.content.decode()


def test_officer_sees_exactly_the_actions_they_may_take(client, officer):
    project = ProjectFactory(state=ProjectState.SUBMITTED)
    client.force_login(officer)
    actions = [
        a["name"]
        for a in client.get(reverse("grants:project_detail", args=[project.pk])).context["actions"]
    ]
    assert sorted(actions) == ["accept_for_review", "mark_ineligible", "return_for_revision"]


def _upload(client, project, name, content, kind="supporting"):
    return client.post(
        reverse("grants:project_attach", args=[project.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.fixture
def uploader(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = ProjectFactory()
    client.force_login(user_with_role(Role.APPLICANT, organisations=[project.organisation]))
    return project


def test_real_pdf_is_stored_under_a_random_name(client, uploader):
    _upload(client, uploader, "预算说明.pdf", b"%PDF-1.7\n...")
    attachment = Attachment.objects.get()
    assert attachment.original_name == "预算说明.pdf"
    assert "预算说明" not in attachment.file.name
    download = client.get(reverse("grants:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7\n..."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "不属于这些类型"),
        ("fake.pdf", b"<html>not a pdf</html>", "文件内容与扩展名不符"),
        ("fake.docx", b"PK\x03\x04garbage", "文件内容与扩展名不符"),
    ],
)
def test_wrong_type_is_refused_with_a_message(client, uploader, name, content, message):
    response = _upload(client, uploader, name, content)
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversized_file_is_refused(client, uploader, settings):
    settings.GRANTS_MAX_UPLOAD_BYTES = 10
    response = _upload(client, uploader, "big.pdf", b"%PDF-1.4 more than ten bytes")
    assert "超过上限" in response.content.decode()
    assert not Attachment.objects.exists()


def test_publicity_page_is_public_and_shows_no_personal_data(client):
    project = ProjectFactory(
        state=ProjectState.APPROVED,
        approved_amount=Decimal("88000.00"),
        publicity_ends_on=timezone.localdate() + timedelta(days=3),
        contact_person="张联系",
        contact_phone="13912345678",
    )
    ProjectFactory(
        title="已过公示期",
        state=ProjectState.APPROVED,
        approved_amount=Decimal("1.00"),
        publicity_ends_on=timezone.localdate() - timedelta(days=1),
    )
    html = client.get(reverse("grants:publicity")).content.decode()
    assert project.title in html
    assert "¥88,000.00" in html
    assert "张联系" not in html
    assert "13912345678" not in html
    assert "已过公示期" not in html


def test_programme_form_needs_tranches_adding_to_100(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("grants:programme_create"),
        {
            "name": "薪火计划",
            "kind": "xinhuo",
            "max_grant": "50000",
            "matching_ratio": "0",
            "pass_threshold": "60",
            "grade_excellent": "90",
            "grade_good": "80",
            "grade_pass": "60",
            "panel_weight": "85",
            "publicity_days": "7",
            "is_active": "on",
            "tranches-TOTAL_FORMS": "2",
            "tranches-INITIAL_FORMS": "0",
            "tranches-0-sequence": "1",
            "tranches-0-trigger": "agreement",
            "tranches-0-percent": "60",
            "tranches-1-sequence": "2",
            "tranches-1-trigger": "final",
            "tranches-1-percent": "30",
            "caps-TOTAL_FORMS": "0",
            "caps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "各期拨付比例合计 90%，应为 100%。" in response.content.decode()
    assert not Programme.objects.filter(name="薪火计划").exists()


def test_call_form_refuses_a_window_that_closes_before_it_opens(client, officer):
    client.force_login(officer)
    programme = ProgrammeFactory()
    response = client.post(
        reverse("grants:call_create"),
        {
            "programme": programme.pk,
            "year": "2026",
            "title": "测试批次",
            "total_budget": "100000",
            "opens_at": "2026-05-01T09:00",
            "closes_at": "2026-04-01T09:00",
            "guide-TOTAL_FORMS": "0",
            "guide-INITIAL_FORMS": "0",
        },
    )
    assert "截止时间须晚于开始时间" in response.content.decode()
