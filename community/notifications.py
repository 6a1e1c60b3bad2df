"""Notifications about needs, written in the use case's transaction and emailed after it
commits (``notifications.services.notify``; a failing mail server is logged and never
undoes the change)."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role, User
from community.models import Need
from grants.notifications import officers
from notifications.kinds import Kind
from notifications.services import notify


def _staff(*, streets: Iterable[int] = (), communities: Iterable[int] = ()) -> list[User]:
    street_staff = User.objects.filter(
        is_active=True, role_assignments__role=Role.STREET_STAFF, street__in=set(streets)
    )
    community_staff = User.objects.filter(
        is_active=True, role_assignments__role=Role.COMMUNITY_STAFF, community__in=set(communities)
    )
    return [*street_staff.distinct(), *community_staff.distinct()]


def send(subject: str, body: str, users: Iterable[User], url: str = "") -> None:
    notify(users=users, kind=Kind.NEEDS, subject=subject, body=body, url=url)


def _list_url() -> str:
    return reverse("community:need_list")


def _titles(needs: Sequence[Need]) -> str:
    return "\n".join(f"· {need.title}（{need.community.name}）" for need in needs)


def needs_reported(needs: Sequence[Need], street_ids: Iterable[int]) -> None:
    with override(settings.LANGUAGE_CODE):
        send(
            _("Needs reported: %(count)s") % {"count": len(needs)},
            _("These needs await your review:") + "\n" + _titles(needs),
            _staff(streets=street_ids),
            _list_url(),
        )


def needs_forwarded(needs: Sequence[Need]) -> None:
    with override(settings.LANGUAGE_CODE):
        send(
            _("Needs forwarded: %(count)s") % {"count": len(needs)},
            _("These needs await screening:") + "\n" + _titles(needs),
            officers(),
            reverse("community:screen"),
        )


def needs_returned(needs: Sequence[Need], reason: str) -> None:
    with override(settings.LANGUAGE_CODE):
        send(
            _("Needs returned: %(count)s") % {"count": len(needs)},
            _("The street returned these needs:")
            + "\n"
            + _titles(needs)
            + "\n\n"
            + _("Reason: %(reason)s") % {"reason": reason},
            _staff(communities={need.community_id for need in needs}),
            _list_url(),
        )


def need_decided(need: Need) -> None:
    with override(settings.LANGUAGE_CODE):
        body = _("“%(title)s” is now: %(state)s.") % {
            "title": need.title,
            "state": need.get_state_display(),
        }
        if need.decision_note:
            body += "\n\n" + _("Reason or remarks: %(comment)s") % {"comment": need.decision_note}
        send(
            _("Need update: %(title)s") % {"title": need.title},
            body,
            _staff(streets=[need.community.street_id], communities=[need.community_id]),
            reverse("community:need", args=[need.pk]),
        )
