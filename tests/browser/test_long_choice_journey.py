"""Journey: at a province's scale the community filter lists only its first rows; an
officer types part of a name under it, picks the match and filters the projects by it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts import choosers
from tests.factories import CommunityFactory, ProjectFactory, StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_a_community_by_typing_and_filters_by_it(page):
    call_command("seed_demo")
    far = StreetFactory(name="远郊街道")
    for number in range(choosers.SHOWN):
        CommunityFactory(street=far, name=f"村{number:02d}社区")
    hidden = CommunityFactory(street=StreetFactory(name="龙湾街道"), name="白鹭洲社区")
    ProjectFactory(community=hidden, title="白鹭洲长者助餐")

    page.goto("/login/")
    page.get_by_label("用户名").fill("demo_officer")
    page.get_by_label("密码").fill("gongyi-demo-2026")
    page.get_by_role("button", name="登录").click()
    page.goto("/grants/projects/")

    select = page.locator("select[name=community]")
    expect(select.locator("option")).to_have_count(choosers.SHOWN + 1)
    expect(select.locator("option", has_text="白鹭洲")).to_have_count(0)

    page.get_by_placeholder("输入名称查找更多").first.fill("白鹭")
    expect(select.locator("option", has_text="白鹭洲")).to_have_count(1)
    select.select_option(label="龙湾街道 · 白鹭洲社区")
    page.get_by_role("button", name="筛选").click()

    assert f"community={hidden.pk}" in page.url
    expect(page.get_by_role("link", name="白鹭洲长者助餐")).to_be_visible()
    expect(page.locator("table.table tbody tr")).to_have_count(1)
    expect(select.locator("option:checked")).to_have_text("龙湾街道 · 白鹭洲社区")
