"""Emails about needs, sent only after the change they announce has committed (the use
cases call these from ``transaction.on_commit``; a failing mail server is logged by
``grants.notifications`` and never undoes the change)."""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role, User
from community.models import Need

# One sender for every app's mail: it mails each address on its own and logs a failing server.
from grants.notifications import officer_addresses
from grants.notifications import send_email as send


def _staff_addresses(*, streets: Iterable[int] = (), communities: Iterable[int] = ()) -> list[str]:
    street_staff = User.objects.filter(
        is_active=True, role_assignments__role=Role.STREET_STAFF, street__in=set(streets)
    )
    community_staff = User.objects.filter(
        is_active=True, role_assignments__role=Role.COMMUNITY_STAFF, community__in=set(communities)
    )
    return [
        *street_staff.values_list("email", flat=True),
        *community_staff.values_list("email", flat=True),
    ]


def _titles(needs: Sequence[Need]) -> str:
    return "\n".join(f"· {need.title}（{need.community.name}）" for need in needs)


def needs_reported(needs: Sequence[Need], street_ids: Iterable[int]) -> None:
    with override(settings.LANGUAGE_CODE):
        send(
            _("Needs reported: %(count)s") % {"count": len(needs)},
            _("These needs await your review:") + "\n" + _titles(needs),
            _staff_addresses(streets=street_ids),
        )


def needs_forwarded(needs: Sequence[Need]) -> None:
    with override(settings.LANGUAGE_CODE):
        send(
            _("Needs forwarded: %(count)s") % {"count": len(needs)},
            _("These needs await screening:") + "\n" + _titles(needs),
            officer_addresses(),
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
            _staff_addresses(communities={need.community_id for need in needs}),
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
            _staff_addresses(streets=[need.community.street_id], communities=[need.community_id]),
        )
