from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def unread(request: HttpRequest) -> dict:
    """The header's unread count: read with the signed-in user (``accounts.backends``),
    or counted when a page shows it for a user read otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counted = getattr(user, "unread_notification_count", None)
    if counted is not None:
        return {"unread_notifications": counted}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user).unread().count()
        )
    }
