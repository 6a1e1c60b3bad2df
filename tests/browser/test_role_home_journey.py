"""Journey: each demo role logs in, sees its home page in Chinese, switches to English,
and logs out."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# username, a heading its Chinese home shows, the same heading in English
DEMO_ROLES = [
    ("demo_admin", "用户与角色", "Users and roles"),
    ("demo_officer", "等待您处理的申报", "Applications waiting for you"),
    ("demo_finance", "待拨付资金", "Tranches due"),
    ("demo_street", "待审核的需求", "Needs to review"),
    ("demo_community", "服务经费与服务用房", "Service fund and space"),
    ("demo_applicant1", "我的申报", "My applications"),
    ("demo_expert1", "我的评审任务", "My assignments"),
]


def test_every_demo_role_logs_in_reads_chinese_switches_to_english_and_logs_out(page):
    call_command("seed_demo")
    for username, chinese, english in DEMO_ROLES:
        page.goto("/")
        expect(page).to_have_url("/login/?next=/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill("gongyi-demo-2026")
        page.get_by_role("button", name="登录").click()

        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(page.get_by_role("heading", level=1)).to_contain_text("欢迎")
        expect(page.get_by_text(chinese).first).to_be_visible()

        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
        expect(page.get_by_text(english).first).to_be_visible()

        page.get_by_role("button", name="Log out").click()
        expect(page).to_have_url("/login/")
        # Back to Chinese for the next person at this browser.
        page.get_by_role("button", name="简体中文").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
