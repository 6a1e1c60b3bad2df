"""Password reset by email (issue 12): the link reaches the account's address, works once;
the page never says whether an account exists; it is limited per address and per email;
it lifts the login lock of django-axes, and a second factor is still asked afterwards."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-password-2026"


@pytest.fixture
def person(db):
    return user_with_role(Role.APPLICANT, email="wang.fang@example.cn", full_name="王芳")


def _ask(client, email, ip="10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/password/reset/\S+/)", message.body).group(1)


def test_the_request_page_is_public_and_chinese(client):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "重置密码" in response.content.decode()


def test_a_link_is_mailed_and_sets_a_new_password_once(client, person):
    response = _ask(client, "Wang.Fang@example.cn")  # the address as the person types it
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wang.fang@example.cn"]
    assert message.subject == "重置公益创投管理平台的密码"
    assert "王芳，您好：" in message.body
    assert f"您的用户名：{person.username}" in message.body

    link = _link(message)
    form_page = client.get(link, follow=True)
    assert "设置新密码" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session  # not logged in by the link

    again = client.get(link, follow=True).content.decode()
    assert "此链接无效" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, person):
    response = _ask(client, "nobody@example.cn")
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_requests_are_limited_per_email_and_per_address(client, person, settings):
    settings.PASSWORD_RESET_EMAILS_PER_HOUR = 2
    settings.PASSWORD_RESET_ATTEMPTS_PER_HOUR = 3
    for ip in ["10.0.0.1", "10.0.0.2", "10.0.0.3"]:
        assert _ask(client, person.email, ip=ip).url == reverse("password_reset_done")
    assert len(mail.outbox) == 2  # the third to the same email: the same answer, no mail
    for _ in range(3):
        _ask(client, "nobody@example.cn", ip="10.9.9.9")
    other = user_with_role(Role.APPLICANT, email="li.ming@example.cn")
    assert _ask(client, other.email, ip="10.9.9.9").url == reverse("password_reset_done")
    assert len(mail.outbox) == 2  # the address used up its attempts
    _ask(client, other.email, ip="10.0.0.4")
    assert len(mail.outbox) == 3


def test_a_reset_lifts_the_login_lock(client, person, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": person.username, "password": "wrong-password-1"})
    assert AccessAttempt.objects.filter(username=person.username).exists()
    _ask(client, person.email)
    link = _link(mail.outbox[0])
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.filter(username=person.username).exists()
    logged_in = client.post(
        reverse("login"), {"username": person.username, "password": NEW_PASSWORD}
    )
    assert logged_in.status_code == 302
    assert logged_in.url == reverse("home")


def test_the_second_factor_is_still_asked_after_a_reset(client, settings):
    settings.TWO_FACTOR_ROLES = frozenset({"officer"})
    officer = user_with_role(Role.OFFICER, email="officer@example.cn")
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    assert client.get(reverse("password_reset")).status_code == 200  # reachable before login
    _ask(client, officer.email)
    set_url = client.get(_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(reverse("login"), {"username": officer.username, "password": NEW_PASSWORD})
    assert client.get(reverse("home")).url.startswith(reverse("two_factor:verify"))


@pytest.mark.parametrize(
    "value", ["", "NaN", "控制\x00\x0b字符@example.cn", "a@" + "长" * 10_000 + ".cn", "x" * 300]
)
def test_hostile_values_are_never_a_500(client, person, value):
    assert _ask(client, value).status_code < 500
    set_password = reverse("password_reset_confirm", args=["MQ", "set-password"])
    assert (
        client.post(set_password, {"new_password1": value, "new_password2": value}).status_code
        < 500
    )
