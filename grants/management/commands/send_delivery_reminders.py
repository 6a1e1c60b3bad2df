"""``python manage.py send_delivery_reminders`` — daily, for cron.

Tells each organisation's members, in one notification (and email), what is overdue
or out of line in its running projects: follow-ups past their deadline, a project
behind schedule, a budget line spent beyond the programme's tolerance, spending above
what was received. Idempotent: an organisation reminded today (``DeliveryReminder``)
is not reminded again until tomorrow, however often the command runs.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from grants import oversight
from grants.models import DeliveryReminder
from notifications.kinds import Kind
from notifications.services import notify


class Command(BaseCommand):
    help = "Tell each organisation what is overdue in its running projects (once a day)."

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        sent = skipped = 0
        with override(settings.LANGUAGE_CODE):
            for organisation, items in oversight.reminders_due(today=today).items():
                members = list(organisation.members.filter(is_active=True))
                if not members:
                    skipped += 1
                    continue
                try:
                    with transaction.atomic():
                        DeliveryReminder.objects.create(
                            organisation=organisation, sent_on=today, items=items
                        )
                        notify(
                            users=members,
                            kind=Kind.DELIVERY_OVERDUE,
                            subject=_("Overdue in your projects: %(organisation)s")
                            % {"organisation": organisation.name},
                            body=_("Dear colleagues of %(organisation)s, please attend to:")
                            % {"organisation": organisation.name}
                            + "\n\n"
                            + "\n".join(f"- {item}" for item in items),
                            url=reverse("grants:project_list"),
                            key=f"delivery_overdue:{organisation.pk}:{today.isoformat()}",
                        )
                except IntegrityError:  # reminded today already (or by a run alongside)
                    skipped += 1
                    continue
                sent += 1
        self.stdout.write(f"{sent} reminders sent, {skipped} skipped")
