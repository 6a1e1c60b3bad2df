"""The notification list, opening one, the header's unread count and the email switches."""

import pytest
from django.urls import reverse

from accounts.models import Role
from notifications.kinds import Kind
from notifications.models import EmailOptOut, Notification
from notifications.services import notify
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(db):
    return user_with_role(Role.FINANCE, email="cw@x.cn")


def _tell(user, subject="第1笔拨款待拨付", url="/grants/ledger/"):
    (notification,) = notify(
        users=[user], kind=Kind.TRANCHE_DUE, subject=subject, body="45,000.00 元", url=url
    )
    return notification


def test_the_header_counts_unread_notifications(client, finance):
    _tell(finance)
    _tell(finance, "第2笔拨款待拨付")
    client.force_login(finance)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">2<' in page


def test_no_count_without_unread(client, finance):
    client.force_login(finance)
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()


def test_the_list_shows_ones_own_notifications_only(client, finance):
    _tell(finance, "给财务的通知")
    other = user_with_role(Role.FINANCE)
    _tell(other, "给别人的通知")
    client.force_login(finance)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "给财务的通知" in page
    assert "给别人的通知" not in page


def test_opening_marks_read_and_follows_the_link(client, finance):
    notification = _tell(finance)
    client.force_login(finance)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/grants/ledger/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()


def test_someone_elses_notification_is_a_404(client, finance):
    notification = _tell(finance)
    client.force_login(user_with_role(Role.FINANCE))
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_link_elsewhere_is_not_followed(client, finance):
    notification = _tell(finance, url="https://evil.example/")
    client.force_login(finance)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read(client, finance):
    _tell(finance)
    _tell(finance)
    client.force_login(finance)
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(user=finance, read_at__isnull=True).exists()


def test_the_settings_page_offers_ones_kinds_and_turns_email_off(client, finance):
    client.force_login(finance)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert Kind.TRANCHE_DUE.value in page
    assert Kind.EXPERT_SEATED.value not in page  # not an expert
    response = client.post(reverse("notifications:settings"), {"emailed": []})
    assert response.status_code == 302
    assert list(EmailOptOut.objects.filter(user=finance).values_list("kind", flat=True)) == [
        Kind.TRANCHE_DUE
    ]
    client.post(reverse("notifications:settings"), {"emailed": [Kind.TRANCHE_DUE]})
    assert not EmailOptOut.objects.filter(user=finance).exists()


def test_a_kind_one_is_not_offered_is_refused(client, finance):
    client.force_login(finance)
    response = client.post(reverse("notifications:settings"), {"emailed": [Kind.NEEDS]})
    assert response.status_code == 400
