"""Telling people: ``notify`` writes the in-app items in the caller's transaction and
sends their emails after it commits; marking read; the per-kind email switches."""

import logging
from collections.abc import Collection, Iterable, Mapping

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from notifications.kinds import Kind
from notifications.models import EmailOptOut, Notification

logger = logging.getLogger(__name__)

SUBJECT_LENGTH = Notification._meta.get_field("subject").max_length or 200
URL_LENGTH = Notification._meta.get_field("url").max_length or 300


def notify(
    *,
    users: Iterable[User],
    kind: str,
    subject: str,
    body: str,
    url: str = "",
    key: str = "",
    addresses: Mapping[int, str] | None = None,
) -> list[Notification]:
    """One in-app item for each active user, and an email to those who have an address
    and did not turn this kind's email off — sent after the caller's transaction commits
    (a failing mail server is logged, never undoes the event).

    With a ``key`` the event is told once per person: a user who already has an item with
    this key is left alone (a reminder run twice tells nobody twice). ``addresses`` gives
    an address other than the account's (an expert's own contact email)."""
    Kind(kind)  # an unknown kind is a programming error
    people = {user.pk: user for user in users if user.is_active}
    if not people:
        return []
    if key:
        told = set(
            Notification.objects.filter(key=key, user_id__in=people).values_list(
                "user_id", flat=True
            )
        )
        people = {pk: user for pk, user in people.items() if pk not in told}
    muted = set(
        EmailOptOut.objects.filter(user_id__in=people, kind=kind).values_list("user_id", flat=True)
    )
    subject = subject[:SUBJECT_LENGTH]
    rows = []
    for pk, user in sorted(people.items()):
        address = (addresses or {}).get(pk) or user.email
        rows.append(
            Notification(
                user=user,
                kind=kind,
                subject=subject,
                body=body,
                url=url[:URL_LENGTH],
                key=key,
                email="" if pk in muted else address,
            )
        )
    created = _create(rows) if key else Notification.objects.bulk_create(rows)
    mailed = [row for row in created if row.email]
    if mailed:
        transaction.on_commit(lambda: send_emails(mailed))
    return created


def _create(rows: list[Notification]) -> list[Notification]:
    """Rows with a key, one by one: one written by a run alongside is skipped."""
    created = []
    for row in rows:
        try:
            with transaction.atomic():  # a savepoint
                row.save()
        except IntegrityError:
            continue
        created.append(row)
    return created


def send_emails(rows: Collection[Notification]) -> None:
    """Each item's email on its own (nobody sees another's address), and record which went."""
    messages = []
    for row in rows:
        body = row.body + (f"\n\n{settings.SITE_URL}{row.url}" if row.url else "")
        messages.append(EmailMessage(row.subject, body, settings.DEFAULT_FROM_EMAIL, [row.email]))
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except OSError:
        logger.exception("Could not send %d notification emails", len(messages))
        return
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now())


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_email_kinds(*, user: User, emailed: Collection[str], offered: Collection[str]) -> None:
    """Of the ``offered`` kinds, email those in ``emailed`` and turn the rest off."""
    offered = set(offered) & set(Kind.values)
    off = offered - set(emailed)
    EmailOptOut.objects.filter(user=user, kind__in=offered - off).delete()
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user=user, kind=kind) for kind in sorted(off)], ignore_conflicts=True
    )
