"""Journey: an applicant types budget lines and sees the total, and whether it equals the
requested amount, change without saving (htmx); nothing is saved until they save."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.browser.helpers import log_in
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_budget_total_follows_what_is_typed(page):
    project = ProjectFactory(requested_amount=Decimal("100000.00"))  # lines total 100,000
    UserFactory(username="applicant", roles=[Role.APPLICANT], organisations=[project.organisation])
    log_in(page, "applicant")
    page.goto(f"/grants/projects/{project.pk}/edit/")
    total = page.get_by_test_id("budget-total")
    expect(total).to_have_attribute("data-balanced", "true")
    expect(total).to_contain_text("¥100,000.00")

    page.locator("[name=budget-0-amount]").fill("58000.00")
    expect(total).to_have_attribute("data-balanced", "false")
    expect(total).to_contain_text("预算合计 98,000.00 元，与申请金额 100,000.00 元不一致。")

    page.get_by_label("申请金额").fill("98000.00")
    expect(total).to_have_attribute("data-balanced", "true")
    expect(total).to_contain_text("预算明细合计与申请金额一致。")

    page.locator("[name=budget-2-DELETE]").check()  # the 5,000.00 management line
    expect(total).to_contain_text("¥93,000.00")
    assert project.budget_lines.count() == 3
