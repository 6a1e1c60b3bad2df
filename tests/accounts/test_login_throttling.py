"""Login throttling (django-axes): a username guessed at from one address is locked after
the configured number of failures, on our login page and the admin's alike; other users
and other addresses are not; the administrator sees the lockout and can lift it."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import Role
from tests.factories import user_with_role

PASSWORD = "a-long-enough-password-2026"
WRONG = "not-the-password-at-all"


@pytest.fixture
def person(db):
    user = user_with_role(Role.APPLICANT)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, *, ip="10.0.0.1", url=None):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def _fail(client, username, times, **kwargs):
    for _ in range(times):
        response = _login(client, username, WRONG, **kwargs)
        assert response.status_code in {200, 429}


def test_the_right_password_after_five_failures_is_refused_with_when_to_try_again(
    client, person, settings
):
    _fail(client, person.username, settings.AXES_FAILURE_LIMIT)

    response = _login(client, person.username, PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert 'data-testid="locked-out"' in page
    assert "15" in page  # minutes until the next try, in the user's language
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_logs_in(client, person, settings):
    _fail(client, person.username, settings.AXES_FAILURE_LIMIT - 1)

    response = _login(client, person.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_another_user_and_another_address_are_not_locked(client, person, settings):
    other = user_with_role(Role.APPLICANT)
    other.set_password(PASSWORD)
    other.save()
    _fail(client, person.username, settings.AXES_FAILURE_LIMIT)

    assert _login(client, other.username, PASSWORD).status_code == 302
    client.logout()
    assert _login(client, person.username, PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_admin_login_is_the_same_door(client, settings, db):
    admin = user_with_role(Role.ADMIN)
    admin.is_staff = True
    admin.set_password(PASSWORD)
    admin.save()
    admin_login = reverse("admin:login")
    _fail(client, admin.username, settings.AXES_FAILURE_LIMIT, url=admin_login)

    response = _login(client, admin.username, PASSWORD, url=admin_login)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_on_both_doors_count_together(client, person, settings):
    half = settings.AXES_FAILURE_LIMIT // 2
    _fail(client, person.username, half, url=reverse("admin:login"))
    _fail(client, person.username, settings.AXES_FAILURE_LIMIT - half)

    assert _login(client, person.username, PASSWORD).status_code == 429


def test_the_administrator_sees_the_lockout_and_lifts_it(client, person, settings):
    _fail(client, person.username, settings.AXES_FAILURE_LIMIT)
    admin = user_with_role(Role.ADMIN)
    admin.is_staff = True
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert person.username in listing.content.decode()

    attempt = AccessAttempt.objects.get(username=person.username)
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    client.logout()
    assert _login(client, person.username, PASSWORD).status_code == 302


def test_the_limit_and_the_pause_come_from_the_environment(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
