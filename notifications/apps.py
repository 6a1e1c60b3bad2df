from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts.backends import add_user_fact
        from notifications.models import unread_count_of_user

        add_user_fact("unread_notification_count", unread_count_of_user)
