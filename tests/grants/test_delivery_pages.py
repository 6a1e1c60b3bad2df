"""The delivery pages: what was typed is kept beside every problem (never a 500), the
timeline and the overview run a fixed number of queries, experts read without details."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from grants import records, spending, visits
from grants.models import ProjectReader, ServiceRecord, SiteVisit, Spending
from tests.factories import UserFactory, user_with_role
from tests.grants.delivering import PDF, D, photo_upload, running_project
from tests.grants.delivering import activity as _activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _record_data(project, **changes):
    meal, visit = project.indicators.all()
    data = {
        "occurred_on": timezone.localdate().isoformat(),
        "kind": "meal",
        "place": "雨花新村社区食堂",
        "community": project.community_id,
        f"increment_{meal.pk}": "40",
        f"increment_{visit.pk}": "",
        "participants": "40",
        "volunteer_hours": "3.5",
        "note": "午餐",
    }
    return {**data, **changes}


def test_the_organisation_records_an_activity_with_a_photo(client, running, staff):
    client.force_login(staff)
    url = reverse("grants:record_create", args=[running.pk])
    assert client.get(url).status_code == 200
    data = _record_data(running, photos=[photo_upload()])
    response = client.post(url, data)
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert record.photos.count() == 1
    assert record.progress.get().amount == D("40")
    timeline = client.get(reverse("grants:service_records", args=[running.pk]))
    assert "助餐 +40 人次" in timeline.content.decode()


def test_bad_input_comes_back_with_every_problem_by_its_field_and_what_was_typed(
    client, running, staff
):
    client.force_login(staff)
    meal = running.indicators.first()
    outside = (running.period_end + timedelta(days=1)).isoformat()
    data = _record_data(
        running,
        occurred_on=outside,
        participants="abc",
        **{f"increment_{meal.pk}": "-3"},
        photos=[SimpleUploadedFile("fake.jpg", b"not an image at all")],
    )
    response = client.post(reverse("grants:record_create", args=[running.pk]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert outside in form.errors["occurred_on"][0]
    assert form.errors[f"increment_{meal.pk}"] == ["助餐：增量不能为负数（-3）。"]
    assert form.errors["photos"] == ["fake.jpg 不是照片：只接受 JPEG、PNG 和 WebP 图片。"]
    assert "participants" in form.errors
    page = response.content.decode()
    assert 'value="雨花新村社区食堂"' in page
    assert "午餐" in page
    assert not ServiceRecord.objects.exists()


def test_a_record_page_of_a_closed_project_says_why(client, staff, running):
    running.__class__.objects.filter(pk=running.pk).update(state="closed")
    client.force_login(staff)
    response = client.get(reverse("grants:record_create", args=[running.pk]))
    assert response.status_code == 302


def _timeline_queries(client, project, staff, how_many):
    for _ in range(how_many):
        records.record_activity(
            project=project, by=staff, activity=_activity(project), photo_uploads=[photo_upload()]
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("grants:service_records", args=[project.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_timeline_runs_the_same_queries_for_3_and_15_records(client, staff):
    first, second = running_project(), running_project()
    other = UserFactory(roles=[Role.APPLICANT], organisations=[second.organisation])
    client.force_login(user_with_role(Role.OFFICER))
    assert _timeline_queries(client, first, staff_of(first), 3) == _timeline_queries(
        client, second, other, 15
    )


def staff_of(project):
    return UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])


def test_the_project_page_shows_progress_at_a_glance(client, running, staff):
    records.record_activity(project=running, by=staff, activity=_activity(running))
    client.force_login(staff)
    page = client.get(reverse("grants:project_detail", args=[running.pk])).content.decode()
    assert 'data-testid="progress"' in page
    assert "1.00%" in page  # 10 of 1,000 meals


def test_spending_on_a_line_of_another_project_is_refused_by_its_field(client, running, staff):
    client.force_login(staff)
    foreign = running_project().budget_lines.first()
    data = {
        "spent_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "budget_line": str(foreign.pk),
        "amount": "300.00",
        "payee": "食堂",
        "voucher_number": "FP-9",
    }
    response = client.post(reverse("grants:spending_create", args=[running.pk]), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["budget_line"] == ["所选预算科目不属于本项目的预算。"]
    assert "是将来的日期" in errors["spent_on"][0]
    assert not Spending.objects.exists()


def test_spending_over_the_tolerance_is_recorded_and_flagged(client, running, staff):
    client.force_login(staff)
    management = running.budget_lines.get(category="management")  # 5,000.00 budgeted
    data = {
        "spent_on": timezone.localdate().isoformat(),
        "budget_line": str(management.pk),
        "amount": "5600.00",
        "payee": "审计事务所",
        "voucher_number": "FP-10",
        "receipt": SimpleUploadedFile("发票.pdf", PDF),
    }
    response = client.post(reverse("grants:spending_create", args=[running.pk]), data, follow=True)
    assert "112.00%" in response.content.decode()
    page = client.get(reverse("grants:spending_list", args=[running.pk])).content.decode()
    assert "row--flag" in page
    assert "审计事务所" in page


def test_an_expert_on_the_panel_reads_figures_but_not_payees_or_sign_in_sheets(client, running):
    staff = staff_of(running)
    record = records.record_activity(
        project=running,
        by=staff,
        activity=_activity(running),
        sign_in_sheet=SimpleUploadedFile("签到表.pdf", PDF),
    )
    spending.record_spending(
        project=running,
        by=staff,
        expense=spending.Expense(
            timezone.localdate(), running.budget_lines.first().pk, D("10"), "张阿姨", "FP-1"
        ),
    )
    expert = user_with_role(Role.EXPERT)
    ProjectReader.objects.create(project=running, user=expert)
    client.force_login(expert)
    page = client.get(reverse("grants:spending_list", args=[running.pk])).content.decode()
    assert "张阿姨" not in page
    records_page = client.get(reverse("grants:service_records", args=[running.pk]))
    assert reverse("grants:sign_in_sheet", args=[record.pk]) not in records_page.content.decode()
    assert client.get(reverse("grants:sign_in_sheet", args=[record.pk])).status_code == 403
    assert client.get(reverse("grants:record_create", args=[running.pk])).status_code == 403


def test_the_officer_visits_and_the_organisation_answers(client, running, staff):
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)
    url = reverse("grants:visit_create", args=[running.pk])
    bad = client.post(url, {"visited_on": timezone.localdate().isoformat(), "follow_up": "补台账"})
    assert bad.status_code == 400
    assert 'name="follow_up"' in bad.content.decode()
    assert "补台账" in bad.content.decode()
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(
        url,
        {
            "visited_on": timezone.localdate().isoformat(),
            "visitors": "区民政局 张三",
            "findings": "台账不全",
            "rating": "fair",
            "follow_up": "补齐签到表",
            "follow_up_due": due,
        },
    )
    assert response.status_code == 302
    visit = SiteVisit.objects.get()
    client.force_login(staff)
    answer_url = reverse("grants:visit_answer", args=[visit.pk])
    assert client.post(answer_url, {"answer": ""}).status_code == 409
    assert client.post(answer_url, {"answer": "已补齐"}).status_code == 302
    assert SiteVisit.objects.get().answer == "已补齐"


def _overview_queries(client, how_many):
    officer = user_with_role(Role.OFFICER)
    for _ in range(how_many):
        project = running_project()
        visits.record_visit(
            project=project,
            by=officer,
            visit=visits.Visit(
                timezone.localdate(), "张三", "x", "good", "补", timezone.localdate() + timedelta(1)
            ),
        )
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("grants:delivery_overview"), {"problem": "all"})
    assert response.status_code == 200
    return len(queries), response.context["page"].paginator.count


def test_the_overview_runs_the_same_queries_for_3_and_12_projects(client):
    queries, shown = _overview_queries(client, 3)
    assert (queries, shown) == (_overview_queries(client, 9)[0], 3)


def test_the_overview_keeps_the_projects_with_the_problem_asked_for(client):
    behind = running_project(days_done=90, days_left=10)  # 90 % gone, nothing achieved
    on_track = running_project(days_done=1, days_left=300)
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)
    url = reverse("grants:delivery_overview")

    def titles(**query):
        return [row.project.title for row in client.get(url, query).context["page"].object_list]

    assert titles(problem="behind") == [behind.title]
    assert on_track.title in titles(problem="all")
    assert titles(problem="over_budget") == []
    assert client.get(url, {"problem": "nonsense", "call": "x"}).status_code == 200


def test_an_officer_unlocks_a_locked_record_from_its_page(client, running, staff):
    record = records.record_activity(project=running, by=staff, activity=_activity(running))
    ServiceRecord.objects.filter(pk=record.pk).update(
        editable_until=timezone.now() - timedelta(days=1)
    )
    client.force_login(staff)
    edit = client.get(reverse("grants:record_edit", args=[record.pk]))
    assert edit.status_code == 302  # locked: back to the records, with the reason
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)
    url = reverse("grants:record_unlock", args=[record.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "参与人数录错"}).status_code == 302
    assert record.unlocks.get().reason == "参与人数录错"
    client.force_login(staff)
    assert client.get(reverse("grants:record_edit", args=[record.pk])).status_code == 200


def test_the_home_page_lists_follow_ups_to_answer_and_running_projects_with_problems(client):
    behind = running_project(days_done=90, days_left=10)
    staff = staff_of(behind)
    officer = user_with_role(Role.OFFICER)
    visits.record_visit(
        project=behind,
        by=officer,
        visit=visits.Visit(
            timezone.localdate(),
            "张三",
            "台账不全",
            "fair",
            "补齐签到表",
            timezone.localdate() + timedelta(3),
        ),
    )
    client.force_login(staff)
    page = client.get(reverse("home")).content.decode()
    assert "补齐签到表" in page
    assert reverse("grants:visit_answer", args=[SiteVisit.objects.get().pk]) in page
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert "?problem=behind" in page
    assert "1 个实施中项目" in page


def test_the_home_pages_problem_counts_cost_the_same_queries_for_2_and_12_running_projects(
    client,
):
    """The counts read a few fields of each running project (no organisation, no
    community), and the same handful of queries whatever their number; they agree with
    the overview page, which judges the same figures."""
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)

    def home(running: int) -> tuple[int, str]:
        for number in range(running):
            running_project(days_done=90 + number, days_left=10)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("home")).content.decode()
        return len(captured), page

    few, _page = home(2)
    many, page = home(10)
    assert few == many
    assert "12 个实施中项目" in page
    assert '?problem=behind">进度滞后</a>：<strong class="error">12</strong>' in page
    behind = client.get(reverse("grants:delivery_overview"), {"problem": "behind"})
    assert behind.context["page"].paginator.count == 12


def test_the_problem_counts_read_no_text_no_names_and_no_list_of_ids():
    from grants.delivery_dashboards import delivery_watch

    for _ in range(3):
        running_project()
    officer = user_with_role(Role.OFFICER)
    with CaptureQueriesContext(connection) as captured:
        assert delivery_watch(officer)["running"] == 3
    read = " ".join(query["sql"] for query in captured)
    # The figures are selected through the projects' query, not a list of their ids (a
    # province follows tens of thousands).
    assert not re.search(r"IN \(\d+, \d+", read)
    assert "needs_analysis" not in read
    assert "accounts_socialorganisation" not in read
    assert "accounts_community" not in read


def test_the_overview_judges_every_project_but_reads_in_full_only_the_page_shown(
    client, monkeypatch
):
    from grants.views import delivery_report

    monkeypatch.setattr(delivery_report, "OVERVIEW_PER_PAGE", 4)
    for days in range(10):
        running_project(days_done=50 + days, days_left=10)
    officer = user_with_role(Role.OFFICER)
    client.force_login(officer)
    url = reverse("grants:delivery_overview")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"problem": "behind"})
    rows = response.context["page"].object_list
    assert response.context["page"].paginator.count == 10
    assert [row.project.title for row in rows] == [
        row.terms.title for row in response.context["page"].paginator.object_list[:4]
    ]
    in_full = [q["sql"] for q in captured if "needs_analysis" in q["sql"]]
    assert len(in_full) == 1  # the page's four, by their ids
    assert len(re.search(r"IN \(([\d, ]+)\)", in_full[0]).group(1).split(",")) == 4
    page = response.content.decode()
    for row in rows:
        assert row.project.organisation.name in page
