"""Journey: an officer, whose role requires a second factor, logs in with the password, is
sent to set up an authenticator app, reads the key off the page as the app would, confirms
with its code, sees the recovery codes once, logs out, and logs in again with the password
and a fresh code to reach the home page."""

import re
from base64 import b32decode

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role
from tests.accounts.authenticator import fresh_code
from tests.browser.helpers import PASSWORD
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password(page, username):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_officer_enrols_with_the_app_code_then_logs_in_with_a_fresh_one(page, settings):
    settings.TWO_FACTOR_ROLES = frozenset({"admin", "officer", "finance"})
    officer = user_with_role(Role.OFFICER, full_name="周主管")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone

    page.goto("/grants/projects/")
    _password(page, officer.username)

    # Sent to set up the app before anything else, with no menu to other pages.
    expect(page).to_have_url(re.compile(r"/accounts/security/enrol/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("设置两步验证")
    expect(page.locator(".main-nav")).to_have_count(0)
    expect(page.locator("svg.qr-code")).to_be_visible()

    # The app scans the code or the key is typed: here the key as the page shows it.
    secret = "".join(page.get_by_test_id("totp-secret").inner_text().split())
    key = b32decode(secret)
    device = TOTPDevice.objects.get(user=officer)
    page.get_by_label("验证器上的 6 位数字").fill(
        "000000" if fresh_code(device, key=key) != "000000" else "111111"
    )
    page.get_by_role("button", name="确认并开启").click()
    expect(page.get_by_text("验证码不正确，请核对后重试。")).to_be_visible()

    # A moment later (django-otp makes the next try after a wrong code wait a second).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    page.get_by_label("验证器上的 6 位数字").fill(fresh_code(device, key=key))
    page.get_by_role("button", name="确认并开启").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("您的恢复码")
    expect(page.get_by_text("您的账户已开启两步验证。")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    expect(codes.first).to_have_text(re.compile(r"^[a-z2-7]{4}-[a-z2-7]{4}$"))
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page).to_have_url("/grants/projects/")  # where the officer was going

    page.get_by_role("link", name="账户安全").click()
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("已开启")
    expect(page.get_by_test_id("recovery-codes-left")).to_have_text("10")
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url("/login/")

    # Next time: the password, then a fresh code from the app.
    _password(page, officer.username)
    expect(page).to_have_url(re.compile(r"/accounts/security/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("输入验证码")
    page.get_by_label("验证码").fill(fresh_code(device, key=key))
    page.get_by_role("button", name="验证").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("欢迎")
    expect(page.get_by_test_id("user-name")).to_have_text("周主管")
