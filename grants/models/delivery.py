"""Delivery between the tranches: what a running project promised (its indicators) and
what it does (service records, spending against budget lines, site visits and their
follow-ups), and the mid-term and final reports generated from these records.

Indicators are part of the proposal: edited with it while it is a draft, frozen with each
submitted version. The rest is recorded while the project runs, through the use cases in
``grants.records``, ``grants.spending``, ``grants.visits`` and ``grants.delivery_reports``.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Community, SocialOrganisation
from grants.models.fields import money_field
from grants.models.history import AppendOnlyModel
from grants.models.projects import Attachment, AttachmentKind, BudgetLine, Project


def quantity_field(verbose_name, **kwargs) -> models.DecimalField:
    """A count or measure of an indicator (人次, 场, 户, 小时): up to two decimals."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class Indicator(models.Model):
    """One measurable goal of the proposal 目标与指标, e.g. 助餐 12,000 人次."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20)
    target = quantity_field(_("target"))
    measured_by = models.CharField(_("how it is measured"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["project_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="indicator_target_positive",
                violation_error_message=_("An indicator's target must be above zero."),
            ),
            models.UniqueConstraint(
                fields=["project", "name"],
                name="indicator_unique_name",
                violation_error_message=_("Two indicators of one project cannot share a name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class LockedAfterAWeek(models.Model):
    """An entry its organisation may correct until ``editable_until`` (a week after it was
    recorded); after that only an officer's unlock opens it again."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    editable_until = models.DateTimeField(_("editable until"))

    class Meta:
        abstract = True

    def is_editable(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.editable_until


class ActivityKind(models.TextChoices):
    CASEWORK = "casework", _("Casework")
    GROUP = "group", _("Group session")
    COMMUNITY = "community", _("Community event")
    HOME_VISIT = "home_visit", _("Home visit")
    TRAINING = "training", _("Training or talk")
    MEAL = "meal", _("Meal service")
    CONSULTATION = "consultation", _("Residents' consultation")
    PUBLICITY = "publicity", _("Publicity")
    OTHER = "other", _("Other")


def delivery_path(instance: models.Model, filename: str) -> str:
    """Stored under a random name in the project's folder; the original name is kept in
    the row only."""
    return f"delivery/{getattr(instance, 'project_id', 'x')}/{filename}"


class ServiceRecord(LockedAfterAWeek):
    """One service activity 项目动态 as it happened."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="service_records")
    occurred_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    kind = models.CharField(_("activity"), max_length=20, choices=ActivityKind.choices)
    participants = models.PositiveIntegerField(_("participants"))
    volunteer_hours = models.DecimalField(
        _("volunteer hours"), max_digits=8, decimal_places=1, default=0
    )
    note = models.TextField(_("note"), blank=True)
    sign_in_sheet = models.FileField(
        _("sign-in sheet"), upload_to=delivery_path, max_length=200, blank=True
    )
    sign_in_sheet_name = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["project", "-occurred_on"], name="record_project_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteer_hours__gte=0),
                name="record_volunteer_hours_not_negative",
                violation_error_message=_("Volunteer hours cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()} {self.place}"


class IndicatorProgress(models.Model):
    """How far one service record advances one indicator of its project."""

    record = models.ForeignKey(ServiceRecord, on_delete=models.CASCADE, related_name="progress")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="progress")
    amount = quantity_field(_("increment"))

    class Meta:
        verbose_name = _("indicator progress")
        verbose_name_plural = _("indicator progress")
        ordering = ["record_id", "indicator_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="indicator_progress_not_negative",
                violation_error_message=_("An indicator's increment cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["record", "indicator"],
                name="indicator_progress_once_per_record",
                violation_error_message=_("A record advances each indicator once."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} +{self.amount}"


class RecordPhoto(models.Model):
    """A photo of a service record, stored re-encoded without its EXIF location, with a
    thumbnail for the timeline."""

    record = models.ForeignKey(ServiceRecord, on_delete=models.CASCADE, related_name="photos")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    image = models.FileField(_("photo"), upload_to=delivery_path, max_length=200)
    thumbnail = models.FileField(upload_to=delivery_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["record_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class Spending(LockedAfterAWeek):
    """Money spent against one budget line of the project, with its voucher."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="spendings")
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="spendings",
        verbose_name=_("budget line"),
    )
    spent_on = models.DateField(_("date"))
    amount = money_field(_("amount"))
    payee = models.CharField(_("payee"), max_length=100)
    voucher_number = models.CharField(_("voucher or invoice number"), max_length=50)
    receipt = models.FileField(_("receipt"), upload_to=delivery_path, max_length=200, blank=True)
    receipt_name = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["project", "-spent_on"], name="spending_project_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="spending_amount_positive",
                violation_error_message=_("A spending amount must be above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.amount} {self.voucher_number}"


class Unlock(AppendOnlyModel):
    """An officer opened a locked entry for correction again: who, why, until when."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="unlocks")
    service_record = models.ForeignKey(
        ServiceRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="unlocks"
    )
    spending = models.ForeignKey(
        Spending, on_delete=models.CASCADE, null=True, blank=True, related_name="unlocks"
    )
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    until = models.DateTimeField(_("editable until"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("unlock")
        verbose_name_plural = _("unlocks")
        ordering = ["project_id", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service_record__isnull=True, spending__isnull=False)
                | Q(service_record__isnull=False, spending__isnull=True),
                name="unlock_one_entry",
                violation_error_message=_("An unlock opens one service record or one spending."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.service_record_id or self.spending_id} → {self.until}"


class VisitRating(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor")


class SiteVisitQuerySet(models.QuerySet):
    def open_follow_ups(self) -> "SiteVisitQuerySet":
        """Visits whose follow-up the organisation has not answered yet."""
        return self.exclude(follow_up="").filter(answered_at__isnull=True)

    def overdue(self, today) -> "SiteVisitQuerySet":
        return self.open_follow_ups().filter(follow_up_due__lt=today)


class SiteVisit(models.Model):
    """A supervision visit 实地督导 by the district or the street, and the follow-up it
    asks of the organisation with its answer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="site_visits")
    visited_on = models.DateField(_("visit date"))
    visitors = models.CharField(_("visited by"), max_length=200)
    findings = models.TextField(_("findings"))
    rating = models.CharField(_("rating"), max_length=10, choices=VisitRating.choices)
    follow_up = models.TextField(_("follow-up required"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SiteVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(follow_up="") & Q(follow_up_due__isnull=True))
                | (
                    ~Q(follow_up="")
                    & Q(follow_up_due__isnull=False, follow_up_due__gte=F("visited_on"))
                ),
                name="visit_follow_up_has_due_date",
                violation_error_message=_(
                    "A follow-up needs a due date on or after the visit; without one, no date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | (~Q(follow_up="") & ~Q(answer="")),
                name="visit_answer_to_a_follow_up",
                violation_error_message=_("Only a follow-up can be answered, and not blank."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.visitors}"

    @property
    def has_follow_up(self) -> bool:
        return bool(self.follow_up)

    @property
    def is_open(self) -> bool:
        """A follow-up waits for the organisation's answer."""
        return self.has_follow_up and self.answered_at is None

    def is_overdue(self, today) -> bool:
        return self.is_open and self.follow_up_due is not None and self.follow_up_due < today


GENERATED_REPORTS = (AttachmentKind.MIDTERM_REPORT, AttachmentKind.FINAL_REPORT)


class DeliveryReport(models.Model):
    """A mid-term or final report generated from the delivery records, with the narrative
    the organisation adds. Submitting it files the PDF as the stage's report attachment."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="delivery_reports")
    kind = models.CharField(
        _("report"),
        max_length=30,
        choices=[(kind.value, kind.label) for kind in GENERATED_REPORTS],
    )
    progress_summary = models.TextField(_("progress and results"), blank=True)
    problems = models.TextField(_("problems and how they are addressed"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    figures = models.JSONField(_("figures as submitted"), default=dict, blank=True)
    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["project_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="delivery_report_once_per_kind",
                violation_error_message=_("A project has one report of each kind."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in GENERATED_REPORTS]),
                name="delivery_report_kind_valid",
                violation_error_message=_("Only mid-term and final reports are generated."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class DeliveryReminder(models.Model):
    """One daily reminder sent to an organisation, so that running the command twice on
    one day sends it once."""

    organisation = models.ForeignKey(SocialOrganisation, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))
    items = models.JSONField(_("overdue items"), default=list)

    class Meta:
        verbose_name = _("delivery reminder")
        verbose_name_plural = _("delivery reminders")
        ordering = ["-sent_on", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sent_on"],
                name="delivery_reminder_once_a_day",
                violation_error_message=_("The organisation was already reminded today."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.sent_on}"
