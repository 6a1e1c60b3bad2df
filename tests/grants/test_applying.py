"""Applying (issue 12): the open calls and their guide 申报指南 read without logging in;
the new application page starts from a call and a guide item; the draft page shows the
caps as they stand and adds budget lines without a reload."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from grants import lifecycle
from grants.models import GuideCategory, GuideItem, Project
from grants.refusals import Refused
from tests.factories import (
    CallFactory,
    CommunityFactory,
    ProjectFactory,
    StreetFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(db):
    call = CallFactory(
        title="2026年度公益创投项目申报",
        description="围绕“一老一小”开展社区服务。",
        opens_at=timezone.now() - timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=30),
    )
    programme = call.programme
    programme.matching_ratio = Decimal("10.00")
    programme.min_rating = "3A"
    programme.eligibility_items = "近两年未受到行政处罚"
    programme.required_attachments = ["registration"]
    programme.save()
    return call


@pytest.fixture
def items(call):
    street = StreetFactory(name="雨花街道")
    community = CommunityFactory(street=street, name="雨花新村社区")
    elderly = GuideItem.objects.create(
        call=call,
        category=GuideCategory.ELDERLY,
        title="独居老人助餐",
        community=community,
        description="对象：雨花新村社区独居老人约80人。需求：午餐无人照应。",
    )
    youth = GuideItem.objects.create(
        call=call,
        category=GuideCategory.YOUTH,
        title="四点半课堂",
        street=street,
        description="对象：双职工家庭小学生。",
    )
    return elderly, youth


def test_anyone_reads_the_open_calls_and_a_closed_one_is_not_listed(client, call):
    closed = CallFactory(
        title="2025年度已截止批次",
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=1),
    )
    page = client.get(reverse("grants:open_calls"))
    assert page.status_code == 200
    html = page.content.decode()
    assert call.title in html
    assert reverse("grants:open_call", args=[call.pk]) in html
    assert closed.title not in html
    assert client.get(reverse("grants:open_call", args=[closed.pk])).status_code == 404


def test_a_call_not_open_yet_has_no_public_guide(client):
    future = CallFactory(
        opens_at=timezone.now() + timedelta(days=5), closes_at=timezone.now() + timedelta(days=40)
    )
    assert client.get(reverse("grants:open_call", args=[future.pk])).status_code == 404


def test_the_guide_states_the_rules_in_plain_words_without_logging_in(
    client, call, items, settings
):
    settings.BUREAU_CONTACT = "社会组织管理科 025-52410000"
    response = client.get(reverse("grants:open_call", args=[call.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "申报指南" in html
    assert "每个项目最高 ¥200,000.00" in html
    assert "管理费：不超过预算的 10.00%" in html
    assert "人员费：不超过预算的 40.00%" in html
    assert "自筹不低于申请金额 10.00% 的配套资金（申请 ¥200,000.00 时为 ¥20,000.00）" in html
    assert "登记证书" in html  # the required attachment, by its label
    opens = timezone.localtime(call.opens_at).strftime("%Y-%m-%d %H:%M")
    closes = timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M")
    assert f"{opens} 至 {closes}（北京时间）" in html
    assert "南京市雨花台区民政局 · 社会组织管理科 025-52410000" in html
    assert "围绕“一老一小”开展社区服务。" in html


def test_the_guide_lists_who_may_apply_as_the_checklist_will_ask(client, call):
    html = client.get(reverse("grants:open_call", args=[call.pk])).content.decode()
    year = call.year - call.programme.inspection_max_age
    for line in [
        "在民政部门登记且登记有效（未注销）。",
        "未列入活动异常名录。",
        f"{year} 年度或以后的年检结论为合格或基本合格",
        "社会组织评估等级 3A 或以上。",
        "近两年未受到行政处罚",
        "机构信息已经区民政局核实",
    ]:
        assert line in html, line


def test_the_guide_lists_each_item_with_its_area_category_description_and_start_link(
    client, call, items
):
    elderly, _youth = items
    html = client.get(reverse("grants:open_call", args=[call.pk])).content.decode()
    assert "独居老人助餐" in html
    assert "为老" in html
    assert "社区：雨花街道 · 雨花新村社区" in html
    assert "四点半课堂" in html
    assert "街道：雨花街道 任一社区" in html
    assert "对象：雨花新村社区独居老人约80人。" in html
    start = reverse("grants:project_create")
    assert f"{start}?call={call.pk}&amp;guide_item={elderly.pk}" in html
    assert f"{start}?call={call.pk}" in html


def test_the_guide_shows_no_personal_data(client, call):
    ProjectFactory(call=call)  # an application with its contact, in the same call
    html = client.get(reverse("grants:open_call", args=[call.pk])).content.decode()
    assert "025-12345678" not in html  # the organisation's contact phone
    assert "李明" not in html


def test_starting_from_the_guide_asks_a_visitor_to_log_in_and_comes_back(client, call, items):
    elderly, _ = items
    start = f"{reverse('grants:project_create')}?call={call.pk}&guide_item={elderly.pk}"
    response = client.get(start)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "guide_item" in response.url  # the whole address comes back after login


def test_the_login_page_leads_to_the_open_calls_registration_and_password_reset(client):
    html = client.get(reverse("login")).content.decode()
    assert reverse("grants:open_calls") in html
    assert reverse("grants:register") in html
    assert reverse("password_reset") in html


def test_the_officers_call_page_stays_theirs(client, call):
    client.force_login(user_with_role(Role.APPLICANT))
    assert client.get(reverse("grants:call_detail", args=[call.pk])).status_code == 403


# --- the new application page -----------------------------------------------------------


def _applicant():
    return user_with_role(Role.APPLICANT)


def test_a_single_open_call_and_organisation_are_chosen_already(client, call):
    client.force_login(_applicant())
    form = client.get(reverse("grants:project_create")).context["form"]
    assert form["call"].value() == call.pk
    assert form["organisation"].value() is not None


def test_the_call_and_guide_item_from_the_guide_are_chosen_and_described(client, call, items):
    CallFactory()  # a second open call: nothing is chosen for the applicant but what they asked
    elderly, youth = items
    client.force_login(_applicant())
    url = f"{reverse('grants:project_create')}?call={call.pk}&guide_item={elderly.pk}"
    response = client.get(url)
    form = response.context["form"]
    assert form["call"].value() == call.pk
    assert form["guide_item"].value() == elderly.pk
    html = response.content.decode()
    shown = f'data-guide-description="{elderly.pk}" data-testid="guide-description">'
    hidden = f'data-guide-description="{youth.pk}" data-testid="guide-description" hidden>'
    assert shown in html
    assert hidden in html
    assert f'data-call="{call.pk}"' in html  # each item says its call, for the script
    assert "grants/new_application.js" in html
    # Near the choice: the area rule submit applies.
    assert "服务社区须为该指引指定的社区或其所在街道的社区，否则无法提交" in html


def test_a_draft_started_from_a_guide_item_answers_it_and_serves_its_community(client, call, items):
    elderly, _ = items
    applicant = _applicant()
    client.force_login(applicant)
    organisation = applicant.organisations.get()
    response = client.post(
        reverse("grants:project_create"),
        {
            "call": call.pk,
            "guide_item": elderly.pk,
            "organisation": organisation.pk,
            "title": "幸福食堂",
        },
    )
    project = Project.objects.get(title="幸福食堂")
    assert response.url == reverse("grants:project_edit", args=[project.pk])
    assert project.guide_item == elderly
    assert project.community == elderly.community


def test_a_guide_item_of_another_call_is_refused_by_its_field(client, call, items):
    other_call = CallFactory()
    elderly, _ = items
    applicant = _applicant()
    client.force_login(applicant)
    response = client.post(
        reverse("grants:project_create"),
        {
            "call": other_call.pk,
            "guide_item": elderly.pk,
            "organisation": applicant.organisations.get().pk,
            "title": "幸福食堂",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["guide_item"] == ["项目指引“独居老人助餐”属于其他批次。"]
    assert not Project.objects.filter(title="幸福食堂").exists()


def test_the_draft_page_warns_when_the_guide_item_does_not_serve_the_project_community(
    client, call, items
):
    _, youth = items  # the communities of 雨花街道
    project = ProjectFactory(call=call, guide_item=youth)  # serves a community elsewhere
    member = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    client.force_login(member)
    html = client.get(reverse("grants:project_edit", args=[project.pk])).content.decode()
    assert "项目指引“四点半课堂”面向雨花街道的社区" in html
    assert 'class="message message--warning"' in html


# --- the draft page: caps as they stand, rows without a reload ---------------------------


def _typed(*lines, requested="100000.00", matching="10000.00") -> dict:
    data = {
        "requested_amount": requested,
        "matching_funds": matching,
        "budget-TOTAL_FORMS": str(len(lines)),
        "budget-INITIAL_FORMS": "0",
    }
    for number, (category, amount) in enumerate(lines):
        data[f"budget-{number}-category"] = category
        data[f"budget-{number}-amount"] = amount
    return data


def test_the_live_total_shows_each_capped_share_against_its_cap(client):
    project = ProjectFactory(budget=[])
    client.force_login(UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation]))
    url = reverse("grants:project_budget_total", args=[project.pk])
    data = _typed(("activity", "85000.00"), ("management", "15000.00"))
    response = client.post(url, data)
    total = response.context["budget_total"]
    shares = {share.category: (share.amount, share.share, share.over) for share in total.caps}
    assert shares == {
        "management": (Decimal("15000.00"), Decimal("15.00"), True),
        "personnel": (Decimal("0.00"), Decimal("0.00"), False),
    }
    html = response.content.decode()
    assert 'data-within="false"' in html
    assert "管理费 15,000.00 元，占预算 15.00%，超过上限 10.00%。" in html

    within = client.post(url, _typed(("activity", "90000.00"), ("management", "10000.00")))
    assert within.context["budget_total"].within_limits  # exactly 10.00 % passes
    assert 'data-within="true"' in within.content.decode()


def test_the_live_total_checks_the_maximum_and_the_matching_funds_as_typed(client):
    project = ProjectFactory(budget=[])
    client.force_login(UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation]))
    project.call.programme.matching_ratio = Decimal("10.00")
    project.call.programme.save()
    url = reverse("grants:project_budget_total", args=[project.pk])
    data = _typed(("activity", "250000.00"), requested="250000.00", matching="100.00")
    problems = client.post(url, data).context["budget_total"].limit_problems
    assert problems == [
        "申请金额 250,000.00 元，超过本资助计划单个项目上限 200,000.00 元。",
        "配套资金 100.00 元，低于申请金额的 10.00%（25,000.00 元）。",
    ]


def test_the_draft_page_offers_an_empty_line_to_add_without_reloading(client):
    project = ProjectFactory()
    client.force_login(UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation]))
    html = client.get(reverse("grants:project_edit", args=[project.pk])).content.decode()
    assert '<template id="budget-empty-line">' in html
    assert 'name="budget-__prefix__-amount"' in html
    assert 'data-add-row="budget-lines"' in html
    assert "grants/budget_rows.js" in html
    assert 'data-testid="budget-caps"' in html  # the caps, as saved, when the page loads


def test_a_line_added_in_the_page_is_saved_with_the_others(client):
    project = ProjectFactory()  # three saved lines
    member = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    client.force_login(member)
    page = client.get(reverse("grants:project_edit", args=[project.pk]))
    data = _as_posted(page.context)
    # What the script does: one more form, numbered after the last, counted in TOTAL_FORMS.
    index = int(data["budget-TOTAL_FORMS"])
    data["budget-TOTAL_FORMS"] = str(index + 1)
    data[f"budget-{index}-category"] = "materials"
    data[f"budget-{index}-amount"] = "1000.00"
    data["requested_amount"] = "101000.00"
    response = client.post(reverse("grants:project_edit", args=[project.pk]), data)
    assert response.status_code == 302
    assert project.budget_lines.count() == 4


def _as_posted(context) -> dict:
    """The edit page's forms as a browser would post them untouched."""
    data = {}
    for form in [context["form"]]:
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None else value
    for formset in (context["budget"], context["indicators"]):
        management = formset.management_form
        for field in management:
            data[field.html_name] = field.value()
        for form in formset:
            for field in form:
                value = field.value()
                if value not in (None, False):
                    data[field.html_name] = value
    return data


# --- submit and the bureau's check -------------------------------------------------------


def test_submit_refuses_an_organisation_the_bureau_has_not_confirmed(project, member):
    organisation = project.organisation
    organisation.verification = "pending"
    organisation.save()
    with pytest.raises(Refused) as refused:
        lifecycle.submit_project(project=project, by=member)
    assert refused.value.problems == [
        "机构信息已经区民政局核实：等待区民政局核对登记信息，核实后即可提交申报"
    ]
