"""Journey: finance filters the project list, exports the ledger, and downloads all the
approval notices of a call once the job's progress bar completes."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from grants import lifecycle
from grants.guards import PanelOutcome
from grants.models import ProjectState
from tests.browser.helpers import log_in
from tests.factories import CallFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_export_and_download_the_notice_batch(page):
    call = CallFactory(title="2026年度公益创投项目申报")
    officer = UserFactory(username="officer", roles=[Role.OFFICER])
    UserFactory(username="finance", roles=[Role.FINANCE])
    for number in range(2):
        project = ProjectFactory(
            call=call, title=f"助老项目{number}", state=ProjectState.UNDER_REVIEW
        )
        outcome = PanelOutcome(5, 5, Decimal("85"))
        lifecycle.approve_project(
            project=project, by=officer, outcome=outcome, amount=Decimal("50000")
        )
    ProjectFactory(call=call, title="仍是草稿的项目")

    log_in(page, "finance")
    page.goto("/grants/projects/")
    page.get_by_label("申报批次").select_option(label=call.title)
    page.get_by_label("状态").select_option(label="拟立项（公示中）")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("result-count")).to_have_text("共 2 个项目")

    with page.expect_download() as ledger:
        page.get_by_test_id("export").click()
    sheet = load_workbook(io.BytesIO(Path(ledger.value.path()).read_bytes())).active
    titles = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))[:-1]
    assert titles == ["助老项目0", "助老项目1"]

    page.get_by_role("link", name="全部立项通知书（PDF）").click()
    expect(page.get_by_test_id("job")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("job-progress")).to_have_text("100%")
    with page.expect_download() as notices:
        page.get_by_test_id("job-download").click()
    reader = PdfReader(io.BytesIO(Path(notices.value.path()).read_bytes()))
    assert len(reader.pages) == 2
    assert "项目立项的通知" in reader.pages[0].extract_text()
