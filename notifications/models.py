"""In-app notifications and the email switches of each user.

A notification is written in the transaction of the event it announces (so it exists
exactly when the event does) and its email leaves after commit. ``key`` names an event
that must be told once only (a reminder, a tranche falling due): a second run finds the
row and tells nobody again; the row also records where its email went and when.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("event"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email = models.EmailField(_("emailed to"), blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="notification_list"),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~Q(key=""),
                name="notification_once_per_event",
                violation_error_message=_("This person was already told of this event."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="notification_kind_valid",
                violation_error_message=_("Choose one of the notification kinds."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class EmailOptOut(models.Model):
    """The user turned off the email of one kind (the in-app item stays)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_opt_outs",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    class Meta:
        verbose_name = _("email turned off")
        verbose_name_plural = _("emails turned off")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="email_opt_out_unique",
                violation_error_message=_("This email is already turned off."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="email_opt_out_kind_valid",
                violation_error_message=_("Choose one of the notification kinds."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"
