from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts.backends import USER, add_user_fact, count
        from notifications.models import Notification

        # The header's unread count, read with the signed-in user.
        add_user_fact("unread_notification_count", count(Notification, user=USER, read_at=None))
