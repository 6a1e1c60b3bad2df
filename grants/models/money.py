"""Tranches 分期拨付 of an approved grant and the payments 拨付 recorded against them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from grants.models.fields import ZERO, money_field, percent_field
from grants.models.programmes import TrancheTrigger
from grants.models.projects import Project


class TrancheStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Waiting for its trigger")
    DUE = "due", _("Due for payment")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class Tranche(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="tranches")
    sequence = models.PositiveSmallIntegerField(_("tranche"))
    trigger = models.CharField(_("paid"), max_length=20, choices=TrancheTrigger.choices)
    percent = percent_field(_("share (%)"))
    amount = money_field(_("amount"))
    paid_amount = money_field(_("paid"), default=ZERO)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TrancheStatus.choices,
        default=TrancheStatus.SCHEDULED,
        db_index=True,
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["project_id", "sequence"]
        # The finance home page's queue: tranches due, oldest release first.
        indexes = [models.Index(fields=["status", "released_at"], name="tranche_due_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "sequence"],
                name="tranche_unique_sequence",
                violation_error_message=_("Each tranche of a project has its own number."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="tranche_amount_not_negative",
                violation_error_message=_("A tranche's amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0, paid_amount__lte=F("amount")),
                name="tranche_paid_within_amount",
                violation_error_message=_("A tranche cannot be paid more than its amount."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=TrancheStatus.values),
                name="tranche_status_valid",
                violation_error_message=_("Unknown tranche status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}#{self.sequence} {self.amount}"

    @property
    def outstanding(self):
        return self.amount - self.paid_amount

    @property
    def is_due(self) -> bool:
        """Its trigger has happened: finance may record its payment."""
        return self.status == TrancheStatus.DUE


class Payment(models.Model):
    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("payment date"))
    amount = money_field(_("amount"))
    voucher_number = models.CharField(_("voucher number"), max_length=50, unique=True)
    # Where the money went, as finance paid it (older payments have none recorded).
    payee_bank = models.CharField(_("payee's bank"), max_length=100, blank=True)
    payee_account = models.CharField(
        _("payee's account number"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9][0-9 -]{4,38}[0-9]$",
                _("An account number is digits, which may be grouped by spaces or hyphens."),
            )
        ],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("A payment must be above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.voucher_number} {self.amount}"
