"""Progress at a glance: target against achieved, the service period elapsed, budget against
spent with the programme's tolerance, spending above what was received; for one project or
many in the same number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from grants import progress, records, spending, visits
from grants.models import Project
from tests.factories import UserFactory, user_with_role
from tests.grants.delivering import D, running_project

money = st.decimals(min_value=D("0.01"), max_value=D("9999999.99"), places=2)


def test_tolerance_is_inclusive_at_exactly_the_limit():
    assert not progress.is_over_tolerance(D("100.00"), D("110.00"), D("10.00"))
    assert progress.is_over_tolerance(D("100.00"), D("110.01"), D("10.00"))
    assert progress.is_over_tolerance(D("100.00"), D("100.01"), D("0.00"))


@given(budget=money, tolerance=st.decimals(min_value=0, max_value=100, places=2))
def test_spending_exactly_budget_plus_tolerance_is_never_flagged(budget, tolerance):
    limit = budget * (100 + tolerance) / 100
    assert not progress.is_over_tolerance(budget, limit, tolerance)
    assert progress.is_over_tolerance(budget, limit + D("0.01"), tolerance)


def test_achieved_share_averages_the_indicators_each_capped_at_100():
    assert progress.achieved_share([]) is None
    assert progress.achieved_share([(D("100"), D("50")), (D("10"), D("30"))]) == D("75")


def test_elapsed_share_counts_today_and_stays_within_the_period():
    start, end = date(2026, 1, 1), date(2026, 1, 10)
    assert progress.elapsed_share(start, end, date(2025, 12, 31)) == 0
    assert progress.elapsed_share(start, end, date(2026, 1, 1)) == 10
    assert progress.elapsed_share(start, end, date(2026, 1, 5)) == 50
    assert progress.elapsed_share(start, end, date(2027, 1, 1)) == 100
    assert progress.elapsed_share(None, end, date(2026, 1, 5)) is None


def test_behind_means_trailing_the_calendar_by_more_than_the_gap():
    assert not progress.is_behind(D("30"), D("50"), D("20"))  # exactly 20 points
    assert progress.is_behind(D("29.99"), D("50"), D("20"))
    assert not progress.is_behind(None, D("50"), D("20"))


def test_shares_are_shown_rounded_down():
    assert progress.shown(D("49.999")) == D("49.99")


@pytest.mark.django_db
def test_a_projects_figures_come_from_its_records_spending_and_visits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = running_project(days_done=50, days_left=50)  # half the period gone
    staff = UserFactory(roles=[Role.APPLICANT], organisations=[project.organisation])
    meal, _visit = project.indicators.all()
    today = timezone.localdate()
    for participants, meals in ((30, "100"), (20, "150")):
        records.record_activity(
            project=project,
            by=staff,
            activity=records.Activity(
                occurred_on=today,
                place="活动室",
                community=project.community,
                kind="meal",
                participants=participants,
                volunteer_hours=D("2.5"),
                increments={meal.pk: D(meals)},
            ),
        )
    activity_line, _personnel_line, management_line = project.budget_lines.all()
    for line, amount in ((activity_line, "30000.00"), (management_line, "5500.01")):
        spending.record_spending(
            project=project,
            by=staff,
            expense=spending.Expense(today, line.pk, D(amount), "食堂", "FP-1"),
        )
    visits.record_visit(
        project=project,
        by=user_with_role(Role.OFFICER),
        visit=visits.Visit(today, "张三", "良好", "good", "补台账", today + timedelta(days=3)),
    )
    figures = progress.project_progress(project, today=today)
    assert [(i.name, i.achieved, i.share) for i in figures.indicators] == [
        ("助餐", D("250.00"), D("25.00")),
        ("探访", D("0.00"), D("0.00")),
    ]
    assert figures.achieved_share == D("12.5")
    assert figures.elapsed_share == D("50")
    assert figures.is_behind  # 37.5 points behind, the gap is 20
    assert (figures.record_count, figures.participants, figures.volunteer_hours) == (
        2,
        50,
        D("5.0"),
    )
    assert [(line.spent, line.is_flagged) for line in figures.lines] == [
        (D("30000.00"), False),
        (D("0.00"), False),
        (D("5500.01"), True),  # 5,000.00 budgeted, 10 % tolerated: 5,500.00 is the limit
    ]
    assert figures.spent_total == D("35500.01")
    assert not figures.above_received  # 50,000.00 received
    assert (figures.visit_count, figures.open_follow_ups, figures.overdue_follow_ups) == (1, 1, 0)
    later = progress.project_progress(project, today=today + timedelta(days=4))
    assert later.overdue_follow_ups == 1
    assert later.has_problems


@pytest.mark.django_db
def test_progress_of_many_projects_takes_the_same_queries_as_of_one():
    def queries(how_many: int) -> int:
        projects = list(
            Project.objects.filter(
                pk__in=[running_project().pk for _ in range(how_many)]
            ).select_related("call__programme")
        )
        with CaptureQueriesContext(connection) as captured:
            progress.progress_of(projects, today=timezone.localdate())
        return len(captured)

    assert queries(1) == queries(8) == 4


def test_a_project_that_starts_running_while_the_figures_are_read_is_left_for_next_time(db):
    """Given a queryset, the figures are selected through it; a project that joins it
    between the projects' read and the figures' (it started running meanwhile) is not in
    the result and breaks nothing."""

    first = running_project()
    late = running_project()
    for read in (progress.progress_of, progress.judged):
        projects = Project.objects.filter(pk=first.pk).select_related("call__programme")
        # The subqueries see the late one, as they would after it started running.
        every = Project.objects.filter(pk__in=[first.pk, late.pk])
        projects.values = lambda *fields, every=every: every.values(*fields)  # type: ignore[method-assign]
        figures = read(projects, today=timezone.localdate())
        assert list(figures) == [first.pk]


def test_a_page_row_whose_project_stopped_running_meanwhile_is_left_out(db):
    from grants import oversight

    kept, stopped = running_project(), running_project()
    rows = oversight.judged_overview(
        Project.objects.filter(pk__in=[kept.pk, stopped.pk]),
        problem="all",
        today=timezone.localdate(),
    )
    assert {row.project for row in rows} == {None}  # judged, no project built
    Project.objects.filter(pk=stopped.pk).delete()
    named = oversight.named(rows, Project.objects.all())
    assert [row.project.pk for row in named] == [kept.pk]
    assert named[0].project.organisation.name  # read in full
