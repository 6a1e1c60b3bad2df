"""The signed-in user is read once a request, with their roles, their authenticator and
their unread count (accounts.backends)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.backends import UserBackend
from accounts.models import Role, UserRole
from accounts.two_factor import rules
from notifications.kinds import Kind
from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def _queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_request_reads_the_session_and_the_user_and_nothing_more(client):
    user = user_with_role(Role.OFFICER)
    client.force_login(user)
    queries = _queries_of(client, reverse("healthz"))
    assert len(queries) == 2, queries


@pytest.mark.parametrize("role", [Role.FINANCE, Role.OFFICER, Role.APPLICANT])
def test_a_page_reads_roles_authenticator_and_unread_count_only_with_the_user(client, role):
    client.force_login(user_with_role(role))
    queries = _queries_of(client, reverse("home"))
    for table in ("accounts_userrole", "otp_totp_totpdevice", "notifications_notification"):
        reading = [sql for sql in queries if f'"{table}"' in sql]
        assert len(reading) == 1, reading
        assert reading[0].startswith('SELECT "accounts_user".*')


def test_every_fact_read_is_the_orms_answer():
    """Users holding every subset of two roles, read notifications or not, with an
    unconfirmed or confirmed authenticator: the one query says what the ORM says."""
    users = []
    for index, (first, second) in enumerate(itertools.combinations(Role.values, 2)):
        user = user_with_role(first)
        UserRole.objects.create(user=user, role=second)
        for number in range(index % 3):
            notify(users=[user], kind=Kind.TRANCHE_DUE, subject=f"{number}", body="", url="")
        if index % 2:
            Notification.objects.filter(user=user).update(read_at=timezone.now())
        TOTPDevice.objects.create(user=user, name="手机", confirmed=bool(index % 4))
        users.append(user)
    users.append(UserFactory(roles=[]))
    for user in users:
        read = UserBackend().get_user(user.pk)
        assert read.roles == set(UserRole.objects.filter(user=user).values_list("role", flat=True))
        assert read.holds_authenticator is rules.is_enrolled(user)
        assert (
            read.unread_notification_count
            == Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
        assert (read.username, read.email, read.last_login) == (
            user.username,
            user.email,
            user.last_login,
        )


def test_the_unread_count_and_authenticator_are_read_with_the_user():
    user = user_with_role(Role.FINANCE)
    notify(users=[user], kind=Kind.TRANCHE_DUE, subject="一", body="", url="")
    notify(users=[user], kind=Kind.TRANCHE_DUE, subject="二", body="", url="")
    TOTPDevice.objects.create(user=user, name="手机", confirmed=False)
    read = UserBackend().get_user(user.pk)
    assert (read.unread_notification_count, read.holds_authenticator) == (2, False)
    TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    assert UserBackend().get_user(user.pk).holds_authenticator is True


def test_an_inactive_or_missing_user_is_nobody():
    user = user_with_role(Role.OFFICER, is_active=False)
    assert UserBackend().get_user(user.pk) is None
    assert UserBackend().get_user(user.pk + 1000) is None
    assert UserBackend().get_user("not a number") is None


def test_an_enrolled_user_owes_a_code_before_any_page(client):
    user = user_with_role(Role.OFFICER)
    TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:verify"))
