"""The funding line: only a project whose panel has finished scoring and whose score
passes can be inside it; a panel still scoring is waiting (待评完), a failing score is
below the threshold, and neither uses up the budget."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from experts.models import Stage
from grants.models import Project, ProjectState
from reviews import decisions, panels, results
from reviews.models import Panel
from reviews.results import Standing
from tests.factories import CallFactory
from tests.reviews.panel_world import (
    expert_pool,
    projects_under_review,
    score_panel,
    seated,
    submit_sheet,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def call(officer):
    expert_pool(6)
    call = CallFactory(total_budget=D("250000.00"))
    projects = projects_under_review(call, 4, requested_amount=D("100000.00"))
    panels.draw_panels(call=call, stage=Stage.INITIAL, by=officer, size=3)
    scored, unscored, failing, partial = (Panel.objects.get(project=p) for p in projects)
    score_panel(scored, ["0.9", "0.9", "0.9"])
    score_panel(failing, ["0.5", "0.5", "0.5"])
    score_panel(partial, ["0.95", "0.95"])  # 2 of 3 sheets
    call.panels = {"scored": scored, "unscored": unscored, "failing": failing, "partial": partial}
    return call


def _standing(ranked) -> dict[int, Standing]:
    return {row.result.panel.pk: row.standing for row in ranked}


def test_an_unscored_project_is_never_inside_the_funding_line(call):
    ranked, available = results.ranking(call)
    standing = _standing(ranked)
    assert available == D("250000.00")
    assert standing[call.panels["scored"].pk] is Standing.FUNDED
    assert standing[call.panels["unscored"].pk] is Standing.WAITING
    assert standing[call.panels["partial"].pk] is Standing.WAITING
    assert standing[call.panels["failing"].pk] is Standing.FAILED
    assert [row.funded for row in ranked].count(True) == 1


def test_waiting_and_failing_projects_do_not_use_up_the_budget(call, officer):
    ranked, _available = results.ranking(call)
    by_panel = {row.result.panel.pk: row for row in ranked}
    assert by_panel[call.panels["scored"].pk].running_total == D("100000.00")
    for name in ("unscored", "partial", "failing"):
        assert by_panel[call.panels[name].pk].running_total is None
    # the last sheet comes in: the project now competes, and fits behind the first
    last = next(
        member
        for member in seated(call.panels["partial"])
        if not call.panels["partial"].sheets.filter(expert=member.expert).exists()
    )
    submit_sheet(call.panels["partial"], last, "0.95")
    ranked, _available = results.ranking(call)
    assert [row.result.panel.pk for row in ranked][:2] == [
        call.panels["partial"].pk,
        call.panels["scored"].pk,
    ]
    assert [row.standing for row in ranked][:2] == [Standing.FUNDED, Standing.FUNDED]
    assert ranked[1].running_total == D("200000.00")


def test_a_project_approved_below_the_threshold_holds_its_grant_in_the_line(call, officer):
    failing = call.panels["failing"]
    decisions.approve(
        project=failing.project,
        by=officer,
        amount=D("80000.00"),
        override_reason="填补辖区服务空白",
    )
    ranked, available = results.ranking(call)
    by_panel = {row.result.panel.pk: row for row in ranked}
    assert available == D("250000.00")  # the grant it holds is the line's again
    approved = by_panel[failing.pk]
    assert approved.standing is Standing.APPROVED_BELOW_THRESHOLD
    assert approved.standing_label == "未达合格分，说明理由后立项"
    # Ranked after the scored project (90 points), it adds its grant to the running total.
    assert by_panel[call.panels["scored"].pk].running_total == D("100000.00")
    assert approved.running_total == D("180000.00")
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("reviews:ranking", args=[call.pk])).content.decode()
    row = page.split('data-standing="approved_below_threshold"')[1].split("</tr>")[0]
    assert "¥180,000.00" in row
    assert "未达合格分，说明理由后立项" in row


def test_a_terminated_project_holds_only_what_was_paid_to_it(call, officer):
    scored = call.panels["scored"]
    decisions.approve(project=scored.project, by=officer, amount=D("100000.00"))
    Project.objects.filter(pk=scored.project_id).update(
        state=ProjectState.TERMINATED, paid_amount=D("30000.00")
    )
    ranked, available = results.ranking(call)
    assert available == D("250000.00")  # 220,000 left plus the 30,000 it holds
    row = next(row for row in ranked if row.result.panel.pk == scored.pk)
    assert row.running_total == D("30000.00")
    assert row.standing is Standing.FUNDED


def test_the_ranking_page_shows_the_unscored_project_as_waiting(client, call, officer):
    client.force_login(officer)
    page = client.get(reverse("reviews:ranking", args=[call.pk])).content.decode()
    assert page.count('data-standing="funded"') == 1
    assert page.count('data-standing="waiting"') == 2
    assert page.count('data-standing="failed"') == 1
    assert page.count("<td>预算之内</td>") == 1
    assert "待评完（0/3 份评分表）" in page
    assert "待评完（2/3 份评分表）" in page
    assert "未达合格分" in page


def test_the_review_summaries_mark_the_waiting_projects(client, call, officer):
    client.force_login(officer)
    response = client.get(
        reverse("reports:review_summary_pdf", args=[call.pk]), {"stage": "initial"}
    )
    text = "".join(
        page.extract_text().replace("\n", "")
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert text.count("线内") == 1
    assert text.count("待评完") == 2
    assert "未达合格分" in text
    response = client.get(
        reverse("reports:review_summary_xlsx", args=[call.pk]), {"stage": "initial"}
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
    assert rows[0][-1] == "资助线"
    lines = [row[-1] for row in rows[1:] if isinstance(row[0], int)]
    assert sorted(lines) == sorted(["预算之内", "待评完", "待评完", "未达合格分"])
