"""Two-factor authentication (django-otp): the roles that require it are sent to enrol
and reach no page before; enrolment confirms only with the app's code; a code is asked
after the password on every door, the admin's included; wrong codes are refused and
throttled; a recovery code works once; other roles choose; the page asked for is kept."""

import re
from base64 import b32encode
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.two_factor import services
from tests.accounts.authenticator import fresh_code
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
REQUIRED = frozenset({"admin", "officer", "finance"})


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_ROLES = REQUIRED


def _enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = services.start_enrolment(user=user)
    return services.confirm_enrolment(user=user, code=fresh_code(device))


def _log_in(client, user, url=None, **data):
    response = client.post(
        url or reverse("login"), {"username": user.username, "password": PASSWORD, **data}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def _verify(client, code, **data):
    return client.post(reverse("two_factor:verify"), {"code": code, **data})


def _time_passes(model, user):
    """A minute later: django-otp's wait after wrong codes is over."""
    model.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=1)
    )


def _page(response) -> str:
    return response.content.decode()


def _secret_shown(page: str) -> str:
    """The key to type by hand, as the page shows it (groups of four), without spaces."""
    shown = re.search(r'data-testid="totp-secret">(.*?)</p>', page).group(1)
    return "".join(re.sub(r"<[^>]+>", " ", shown).split())


# --- who must enrol, and what they reach before ---------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.OFFICER, Role.FINANCE])
def test_required_role_without_authenticator_is_sent_to_enrol_from_every_page(
    client, required, role
):
    user = user_with_role(role)
    _log_in(client, user)
    enrol = reverse("two_factor:enrol")

    for url in [
        reverse("home"),
        reverse("grants:project_list"),
        reverse("two_factor:security"),
        reverse("password_change"),
        reverse("two_factor:verify"),
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(enrol), url
    # A post elsewhere is refused the same way, and nothing is done.
    response = client.post(reverse("grants:project_create"))
    assert response.status_code == 302
    assert response.url == enrol

    page = _page(client.get(enrol))
    assert 'class="qr-code"' in page
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert _secret_shown(page) == b32encode(device.bin_key).decode()
    assert 'class="main-nav"' not in page  # no menu to pages it cannot reach


def test_enrolment_page_keeps_its_secret_while_it_waits_and_draws_no_inline_style(client, required):
    client.force_login(user_with_role(Role.OFFICER))
    first = _page(client.get(reverse("two_factor:enrol")))
    second = _page(client.get(reverse("two_factor:enrol")))
    assert TOTPDevice.objects.count() == 1
    assert _secret_shown(first) == _secret_shown(second)
    svg = first[first.index("<svg") : first.index("</svg>")]
    assert "style" not in svg
    assert "otpauth://totp/" in first  # the link an app on this phone opens


def test_enrolment_is_confirmed_only_by_the_right_code(client, required):
    officer = user_with_role(Role.OFFICER)
    _log_in(client, officer)
    client.get(reverse("two_factor:enrol"))
    device = TOTPDevice.objects.get(user=officer)
    right = fresh_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(reverse("two_factor:enrol"), {"code": wrong})

    assert response.status_code == 400
    assert "验证码不正确，请核对后重试。" in _page(response)
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("home")).status_code == 302

    response = client.post(reverse("two_factor:enrol"), {"code": "12ab"})
    assert "请输入验证器应用当前显示的 6 位数字。" in _page(response)

    _time_passes(TOTPDevice, officer)
    response = client.post(reverse("two_factor:enrol"), {"code": right})

    assert response.status_code == 302
    assert response.url == reverse("two_factor:recovery_codes")
    device.refresh_from_db()
    assert device.confirmed
    page = _page(client.get(response.url))
    assert page.count("<li>") >= 10
    codes = StaticToken.objects.filter(device__user=officer)
    assert codes.count() == 10
    for token in codes:
        assert services.shown(token.token) in page
    assert "请立即抄写或打印这些恢复码" in page
    # Shown once: the page does not show them again.
    again = client.get(reverse("two_factor:recovery_codes"))
    assert again.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_codes_are_refused_and_throttled(client, required):
    officer = user_with_role(Role.OFFICER)
    device, _ = _enrol(officer)
    _log_in(client, officer)

    response = _verify(client, "000000" if fresh_code(device) != "000000" else "111111")
    assert response.status_code == 400
    assert "验证码不正确" in _page(response)

    # At once, even the right code waits: django-otp's throttling counts the failure.
    response = _verify(client, fresh_code(device))
    assert response.status_code == 400
    assert "连续输错验证码的次数过多，请等待" in _page(response)
    assert client.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    _time_passes(TOTPDevice, officer)
    response = _verify(client, fresh_code(device))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_code_once_used_is_not_accepted_again(client, required):
    officer = user_with_role(Role.OFFICER)
    device, _ = _enrol(officer)
    code = fresh_code(device)
    client.force_login(officer)
    assert _verify(client, code).status_code == 302

    client.post(reverse("logout"))
    _log_in(client, officer)
    response = _verify(client, code)
    assert response.status_code == 400
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_works_once(client, required):
    finance = user_with_role(Role.FINANCE)
    _, codes = _enrol(finance)
    _log_in(client, finance)

    response = _verify(client, services.shown(codes[0]).upper())  # as typed, any case
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["您使用了一个恢复码，还剩 9 个。可以在“账户安全”页面生成新的恢复码。"]

    client.post(reverse("logout"))
    _log_in(client, finance)
    response = _verify(client, codes[0])
    assert response.status_code == 400
    assert client.get(reverse("home")).status_code == 302
    _time_passes(TOTPDevice, finance)
    from django_otp.plugins.otp_static.models import StaticDevice

    _time_passes(StaticDevice, finance)
    assert _verify(client, codes[1]).status_code == 302


@pytest.mark.parametrize(
    "role", [Role.APPLICANT, Role.EXPERT, Role.STREET_STAFF, Role.COMMUNITY_STAFF]
)
def test_other_roles_are_not_forced_but_may_enrol(client, required, role):
    user = user_with_role(role)
    _log_in(client, user)
    assert client.get(reverse("home")).status_code == 200
    page = _page(client.get(reverse("two_factor:security")))
    assert "为账户加上第二道保护" in page

    client.get(reverse("two_factor:enrol"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("two_factor:enrol"), {"code": fresh_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # this session is verified

    client.post(reverse("logout"))
    _log_in(client, user)
    response = client.get(reverse("home"))
    assert response.url == reverse("two_factor:verify") + "?next=%2F"


def test_no_role_is_forced_when_the_setting_is_empty_and_enrolment_stays_open(client):
    officer = user_with_role(Role.OFFICER)
    _log_in(client, officer)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("two_factor:enrol")).status_code == 200


def test_the_admin_asks_for_the_code_after_its_own_password(client, required):
    admin = UserFactory(roles=[Role.ADMIN], is_staff=True, is_superuser=True)
    device, _ = _enrol(admin)

    _log_in(client, admin, url=reverse("admin:login"), next="/admin/")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("two_factor:verify") + "?next=%2Fadmin%2F"
    assert client.get("/admin/accounts/user/").status_code == 302

    response = _verify(client, fresh_code(device), next="/admin/")
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_superuser_without_a_role_counts_as_an_administrator(client, required):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    _log_in(client, superuser, url=reverse("admin:login"))
    response = client.get("/admin/")
    assert response.url.startswith(reverse("two_factor:enrol"))


def test_the_verify_page_keeps_the_page_asked_for(client, required):
    officer = user_with_role(Role.OFFICER)
    device, _ = _enrol(officer)
    wanted = reverse("grants:project_list") + "?state=submitted"

    response = client.post(
        reverse("login") + "?next=" + wanted,
        {"username": officer.username, "password": PASSWORD, "next": wanted},
    )
    assert response.url == wanted
    response = client.get(response.url)
    assert (
        response.url
        == reverse("two_factor:verify") + "?next=%2Fgrants%2Fprojects%2F%3Fstate%3Dsubmitted"
    )
    page = _page(client.get(response.url))
    assert f'name="next" value="{wanted}"' in page

    # A wrong code keeps it too.
    assert f'value="{wanted}"' in _page(_verify(client, "abcdefgh", next=wanted))
    _time_passes(TOTPDevice, officer)
    from django_otp.plugins.otp_static.models import StaticDevice

    _time_passes(StaticDevice, officer)
    response = _verify(client, fresh_code(device), next=wanted)
    assert response.url == wanted


def test_the_verify_page_never_sends_elsewhere(client, required):
    officer = user_with_role(Role.OFFICER)
    device, _ = _enrol(officer)
    client.force_login(officer)
    response = _verify(client, fresh_code(device), next="https://evil.example/")
    assert response.url == reverse("home")


def test_logging_out_works_before_the_code(client, required):
    officer = user_with_role(Role.OFFICER)
    _enrol(officer)
    _log_in(client, officer)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).url == reverse("login") + "?next=/"


def test_the_language_switch_works_before_the_code(client, required):
    officer = user_with_role(Role.OFFICER)
    _enrol(officer)
    _log_in(client, officer)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Enter your verification code" in _page(client.get(reverse("two_factor:verify")))


def test_a_session_owing_the_code_cannot_set_up_another_app(client, required):
    officer = user_with_role(Role.OFFICER)
    _enrol(officer)
    _log_in(client, officer)

    response = client.get(reverse("two_factor:enrol"))
    assert response.url.startswith(reverse("two_factor:verify"))
    response = client.post(reverse("two_factor:enrol"), {"code": "123456"})
    assert response.url.startswith(reverse("two_factor:verify"))
    assert TOTPDevice.objects.filter(user=officer).count() == 1
    assert client.post(reverse("two_factor:recovery_codes")).url.startswith(
        reverse("two_factor:verify")
    )


def test_a_verified_user_moves_to_a_new_phone(client, required):
    officer = user_with_role(Role.OFFICER)
    old, old_codes = _enrol(officer)
    client.force_login(officer)
    assert _verify(client, fresh_code(old)).status_code == 302

    client.get(reverse("two_factor:enrol"))
    new = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(reverse("two_factor:enrol"), {"code": fresh_code(new)})

    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=officer)) == [new]
    assert not StaticToken.objects.filter(token__in=old_codes).exists()
    assert client.get(reverse("home")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, required):
    officer = user_with_role(Role.OFFICER)
    device, old_codes = _enrol(officer)
    client.force_login(officer)
    _verify(client, fresh_code(device))

    response = client.post(reverse("two_factor:recovery_codes"))
    page = _page(client.get(response.url))

    new_codes = list(
        StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    )
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(old_codes)
    assert all(services.shown(code) in page for code in new_codes)
    security = _page(client.get(reverse("two_factor:security")))
    assert 'data-testid="recovery-codes-left">10<' in security


def test_an_optional_user_turns_it_off_with_a_code_a_required_one_cannot(client, required):
    applicant = user_with_role(Role.APPLICANT)
    device, _ = _enrol(applicant)
    client.force_login(applicant)
    _verify(client, fresh_code(device))

    response = client.post(reverse("two_factor:turn_off"), {"code": "999999"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=applicant).exists()
    _time_passes(TOTPDevice, applicant)
    response = client.post(reverse("two_factor:turn_off"), {"code": fresh_code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=applicant).exists()
    assert not StaticToken.objects.filter(device__user=applicant).exists()

    officer = user_with_role(Role.OFFICER)
    device, _ = _enrol(officer)
    client.force_login(officer)
    _verify(client, fresh_code(device))
    assert "不能关闭" in _page(client.get(reverse("two_factor:security")))
    response = client.post(reverse("two_factor:turn_off"), {"code": fresh_code(device)})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


def test_the_setting_must_name_real_roles(settings):
    settings.TWO_FACTOR_ROLES = frozenset({"officer", "boss"})
    with pytest.raises(SystemCheckError, match="boss"):
        call_command("check")


def test_an_htmx_request_owing_the_code_is_sent_to_the_code_page_whole(client, required):
    officer = user_with_role(Role.OFFICER)
    _enrol(officer)
    client.force_login(officer)
    response = client.get(reverse("grants:project_list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("two_factor:verify")


def test_the_header_links_to_account_security(client):
    client.force_login(user_with_role(Role.APPLICANT))
    page = _page(client.get(reverse("home")))
    assert f'href="{reverse("two_factor:security")}">账户安全</a>' in page
