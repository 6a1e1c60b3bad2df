"""``python manage.py send_review_reminders [--days 3]`` — for cron.

Tells every expert who sits on a panel whose scores are due within N days (or overdue)
and has not submitted its sheet yet, one notification (and email) per expert listing the
projects; at most once a day however often it runs.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from grants.stages import REVIEW_STATES
from reviews import notifications
from reviews.models import PanelMember, ScoreSheet, SheetState


class Command(BaseCommand):
    help = "Remind experts of score sheets due within N days."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=3)

    def handle(self, *args, days: int, **options) -> None:
        due_by = timezone.localdate() + timedelta(days=days)
        seats = (
            PanelMember.objects.filter(
                removed_at__isnull=True,
                panel__deadline__lte=due_by,
                panel__project__state__in=REVIEW_STATES,
                expert__is_active=True,
            )
            .select_related("expert__user", "panel__project")
            .order_by("expert_id", "panel__deadline")
        )
        submitted = set(
            ScoreSheet.objects.filter(state=SheetState.SUBMITTED).values_list(
                "panel_id", "expert_id"
            )
        )
        pending: dict = {}
        for seat in seats:
            if (seat.panel_id, seat.expert_id) not in submitted:
                pending.setdefault(seat.expert, []).append(seat.panel)
        sent = 0
        today = timezone.localdate()
        with transaction.atomic():
            for expert, panels in pending.items():
                if notifications.sheets_due(expert, panels, today=today):
                    sent += 1
        self.stdout.write(f"{sent} reminders sent")
