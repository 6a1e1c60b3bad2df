"""Parts of the project page kept as HTML under the project's own generation
(grants/project_parts.py): read once, shown again without a query, never stale after a
change of the project's rows has committed, and never carrying what one user may do or see
to another."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, UserRole
from experts.models import Expert, Stage
from grants import payments, records
from grants.models import (
    Attachment,
    BudgetLine,
    Indicator,
    IndicatorProgress,
    Payment,
    ProjectChange,
    ProjectReader,
    ProjectState,
    ProjectVersion,
    RecordPhoto,
    ServiceRecord,
    SiteVisit,
    Spending,
    Tranche,
    TransitionLog,
)
from grants.project_parts import PROJECT_PAGE
from reviews import panels
from reviews.models import Panel
from tests.factories import (
    CommunityFactory,
    ProgrammeFactory,
    ProjectFactory,
    UserFactory,
    user_with_role,
)
from tests.grants.delivering import PDF, D, running_project
from tests.grants.delivering import activity as _activity

# The cache is used outside transactions only, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)
# Read only to render the kept parts (the budget, attachments, money, history, delivery).
PART_TABLES = (
    "grants_budgetline",
    "grants_attachment",
    "grants_tranche",
    "grants_projectversion",
    "grants_transitionlog",
    "grants_projectchange",
    "grants_servicerecord",
    "grants_indicatorprogress",
    "grants_recordphoto",
    "grants_sitevisit",
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _page(client, project) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("grants:project_detail", args=[project.pk]))
    assert response.status_code == 200
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return page, [query["sql"] for query in queries.captured_queries]


def _reading_parts(queries: list[str]) -> list[str]:
    return [sql for sql in queries if any(f'FROM "{table}"' in sql for table in PART_TABLES)]


def _paid(project, finance) -> Payment:
    tranche = Tranche.objects.create(
        project=project, sequence=1, trigger="agreement", percent=D("50"), amount=D("50000.00")
    )
    return Payment.objects.create(
        tranche=tranche,
        paid_on=timezone.localdate(),
        amount=D("50000.00"),
        voucher_number="PZ-001",
        recorded_by=finance,
    )


def test_the_second_view_reads_no_part_and_shows_the_same_page(client, running, staff):
    records.record_activity(
        project=running,
        by=staff,
        activity=_activity(running),
        sign_in_sheet=SimpleUploadedFile("签到表.pdf", PDF),
    )
    _paid(running, user_with_role(Role.FINANCE))
    client.force_login(user_with_role(Role.OFFICER))
    first, first_queries = _page(client, running)
    second, second_queries = _page(client, running)
    assert len(_reading_parts(first_queries)) >= len(PART_TABLES) - 1  # no photo: no query
    assert _reading_parts(second_queries) == []
    assert len(second_queries) <= len(first_queries) - 10
    assert second == first
    assert "活动室" in second
    assert "PZ-001" in second


def test_a_committed_change_of_the_project_shows_at_the_next_view(client, running, staff):
    client.force_login(user_with_role(Role.OFFICER))
    page, _ = _page(client, running)
    assert "活动室" not in page
    BudgetLine.objects.create(project=running, category="personnel", amount=D("1234.00"))
    records.record_activity(project=running, by=staff, activity=_activity(running))
    page, _ = _page(client, running)
    assert "1,234.00" in page
    assert "活动室" in page


def test_what_one_user_may_do_or_see_is_never_shown_to_another(client, running, staff):
    record = records.record_activity(
        project=running,
        by=staff,
        activity=_activity(running),
        sign_in_sheet=SimpleUploadedFile("签到表.pdf", PDF),
    )
    _paid(running, user_with_role(Role.FINANCE))
    officer, other_officer = user_with_role(Role.OFFICER), user_with_role(Role.OFFICER)
    expert = user_with_role(Role.EXPERT)
    ProjectReader.objects.create(project=running, user=expert)
    sheet = reverse("grants:sign_in_sheet", args=[record.pk])
    visit = reverse("grants:visit_create", args=[running.pk])
    client.force_login(officer)
    officer_page, _ = _page(client, running)
    assert sheet in officer_page
    assert visit in officer_page
    assert "PZ-001" in officer_page

    client.force_login(other_officer)  # the same view: the parts are read from the cache
    assert _reading_parts(_page(client, running)[1]) == []

    client.force_login(expert)
    expert_page, _ = _page(client, running)
    assert "活动室" in expert_page
    assert sheet not in expert_page
    assert visit not in expert_page
    assert reverse("grants:record_unlock", args=[record.pk]) not in expert_page
    assert "PZ-001" not in expert_page  # the money is the district's and the organisation's

    client.force_login(staff)
    member_page, _ = _page(client, running)
    assert reverse("grants:record_create", args=[running.pk]) in member_page
    assert reverse("grants:record_edit", args=[record.pk]) in member_page
    assert visit not in member_page


def test_a_record_shown_as_correctable_shows_as_locked_once_its_week_is_over(
    client, running, staff, monkeypatch
):
    noon = timezone.make_aware(
        timezone.datetime.combine(timezone.localdate(), timezone.datetime.min.time())
    ) + timedelta(hours=12)
    monkeypatch.setattr(timezone, "now", lambda: noon)
    record = records.record_activity(project=running, by=staff, activity=_activity(running))
    # Its week ends at one o'clock today (written without signals: nothing kept yet).
    ServiceRecord.objects.filter(pk=record.pk).update(editable_until=noon + timedelta(hours=1))
    edit = reverse("grants:record_edit", args=[record.pk])
    client.force_login(staff)
    assert edit in _page(client, running)[0]
    assert _reading_parts(_page(client, running)[1]) == []  # kept
    monkeypatch.setattr(timezone, "now", lambda: noon + timedelta(hours=2))
    page, queries = _page(client, running)
    assert edit not in page
    assert "已锁定" in page
    assert _reading_parts(queries)  # rendered afresh, not read from what was kept


def test_the_parts_are_kept_in_the_readers_language(client, running):
    client.force_login(user_with_role(Role.OFFICER))
    assert "预算" in _page(client, running)[0]
    client.post(reverse("set_language"), {"language": "en"})
    page, _ = _page(client, running)
    assert "Budget" in page
    assert "Latest service records" in page


def _token(project) -> str:
    return PROJECT_PAGE.token(str(project.pk))


def _rows_of(project, staff):
    """One unsaved-or-saved row of every model the parts follow, belonging to ``project``."""
    record = ServiceRecord.objects.create(
        project=project,
        recorded_by=staff,
        editable_until=timezone.now(),
        occurred_on=timezone.localdate(),
        community=project.community,
        kind="group",
        participants=1,
    )
    tranche = Tranche.objects.create(
        project=project, sequence=9, trigger="agreement", percent=D("10"), amount=D("1.00")
    )
    return [
        project,
        Attachment(project=project),
        BudgetLine(project=project),
        Indicator(project=project),
        ProjectChange(project=project),
        ProjectVersion(project=project),
        RecordPhoto(project=project, record=record),
        record,
        SiteVisit(project=project),
        Spending(project=project),
        tranche,
        TransitionLog(project=project),
        Payment(tranche=tranche),
        IndicatorProgress(record=record),
        Panel(project=project),  # followed by reviews: its links on the page
    ]


def test_a_row_of_a_project_forgets_that_projects_parts_alone_when_it_commits(staff):
    project, other = running_project(), running_project()
    for row in _rows_of(project, staff):
        before, other_before = _token(project), _token(other)
        with transaction.atomic():
            post_save.send(sender=type(row), instance=row, created=False, update_fields=None)
            assert _token(project) == before
        assert _token(project) != before, type(row)
        assert _token(other) == other_before, type(row)


def test_a_row_many_projects_show_forgets_every_projects_parts():
    project = running_project()
    models = (type(UserFactory()), UserRole, type(CommunityFactory()), type(ProgrammeFactory()))
    for model in models:
        before = _token(project)
        post_save.send(sender=model, instance=None, created=False, update_fields=None)
        assert _token(project) != before, model


def test_a_login_forgets_nothing(client, running):
    officer = user_with_role(Role.OFFICER)
    before = _token(running)
    client.force_login(officer)
    officer.last_login = timezone.now()
    officer.save(update_fields=["last_login"])
    assert _token(running) == before


def test_rows_written_without_signals_forget_their_project(running, staff):
    project = running
    before = _token(project)
    payments.create_schedule(project)
    assert _token(project) != before
    before = _token(project)
    payments.cancel_unpaid(project)
    assert _token(project) != before
    record = records.record_activity(project=project, by=staff, activity=_activity(project))
    before = _token(project)
    records._save_progress(record, [])
    assert _token(project) != before


def test_inside_a_transaction_every_view_reads_afresh(client, running):
    client.force_login(user_with_role(Role.OFFICER))
    with transaction.atomic():
        _page(client, running)
        assert _reading_parts(_page(client, running)[1])


def test_the_links_to_payment_notices_and_panels_follow_what_is_committed(client, running):
    officer = user_with_role(Role.OFFICER)
    for number in range(3):
        Expert.objects.create(
            user=UserFactory(roles=[Role.EXPERT]), name=f"评委{number}", affiliation="大学"
        )
    reviewed = ProjectFactory(state=ProjectState.UNDER_REVIEW)
    client.force_login(officer)
    assert "/reports/payments/" not in _page(client, running)[0]
    assert "/reviews/panels/" not in _page(client, reviewed)[0]
    payment = _paid(running, user_with_role(Role.FINANCE))
    panels.draw_panels(call=reviewed.call, stage=Stage.INITIAL, by=officer, size=3)
    client.force_login(officer)
    page, _ = _page(client, running)
    assert reverse("reports:payment_notice_pdf", args=[payment.pk]) in page
    page, _ = _page(client, reviewed)
    assert reverse("reviews:panel", args=[Panel.objects.get(project=reviewed).pk]) in page
