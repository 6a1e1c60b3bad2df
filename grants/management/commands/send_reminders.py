"""``python manage.py send_reminders [--report-days 14] [--rectification-days 3]`` —
daily, for cron or the systemd timer (deploy/systemd/gongyi-reminders.timer).

Tells finance of every tranche due and unpaid, each organisation of a mid-term or final
report coming due and of a rectification coming due — in the list on the site and by
email. Idempotent: each event is told once per person, however often it runs
(``grants.reminders``)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from grants.reminders import DEFAULT_RECTIFICATION_DAYS, DEFAULT_REPORT_DAYS, send_reminders


class Command(BaseCommand):
    help = "Send the daily reminders: tranches due, reports due, rectifications due."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--report-days",
            type=int,
            default=DEFAULT_REPORT_DAYS,
            help="Remind of a report this many days before it is due.",
        )
        parser.add_argument(
            "--rectification-days",
            type=int,
            default=DEFAULT_RECTIFICATION_DAYS,
            help="Remind of a rectification this many days before its deadline.",
        )

    def handle(self, *args, report_days: int, rectification_days: int, **options) -> None:
        sent = send_reminders(
            today=timezone.localdate(),
            report_days=report_days,
            rectification_days=rectification_days,
        )
        self.stdout.write(str(sent))
