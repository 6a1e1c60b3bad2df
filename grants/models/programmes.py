"""Programmes 资助计划 with their policy, and the yearly calls 申报批次 under them."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Community, Rating, Street
from grants.models.fields import HUNDRED, ZERO, money_field, percent_field


class ProgrammeKind(models.TextChoices):
    VENTURE = "venture", _("Venture philanthropy")
    BOUTIQUE = "boutique", _("Boutique community building")
    XINHUO = "xinhuo", _("Xinhuo programme")
    MICRO_FUND = "micro_fund", _("Community micro-fund")


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    ACTIVITY = "activity", _("Activities")
    MATERIALS = "materials", _("Materials")
    VENUE = "venue", _("Venue")
    PUBLICITY = "publicity", _("Publicity")
    MANAGEMENT = "management", _("Management fee")
    OTHER = "other", _("Other")


class TrancheTrigger(models.TextChoices):
    AGREEMENT = "agreement", _("after signing the agreement")
    MIDTERM = "midterm", _("after passing the mid-term assessment")
    FINAL = "final", _("after closing with grade pass or better")


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    description = models.TextField(_("description"), blank=True)
    max_grant = money_field(_("maximum grant per project"))
    matching_ratio = percent_field(
        _("required matching funds, percentage of the request"), default=ZERO
    )
    pass_threshold = percent_field(_("pass threshold (points)"), default=Decimal("60.00"))
    grade_excellent = percent_field(_("grade 优秀 from"), default=Decimal("90.00"))
    grade_good = percent_field(_("grade 良好 from"), default=Decimal("80.00"))
    grade_pass = percent_field(_("grade 合格 from"), default=Decimal("60.00"))
    panel_weight = percent_field(_("weight of the panel score (%)"), default=Decimal("85.00"))
    publicity_days = models.PositiveSmallIntegerField(_("publicity period (days)"), default=7)
    required_attachments = models.JSONField(
        _("attachments required to submit"), default=list, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Eligibility 资格审查: what an applicant must hold, checked at submit and screening.
    inspection_max_age = models.PositiveSmallIntegerField(
        _("annual inspection at most this many years before the call's year"), default=1
    )
    min_rating = models.CharField(
        _("evaluation grade required"), max_length=2, choices=Rating.choices, blank=True
    )
    eligibility_items = models.TextField(
        _("further eligibility checks (one per line), confirmed by the officer"), blank=True
    )
    # --- delivery (issue 15): how far a running project may stray before it is flagged ---
    overspend_tolerance = percent_field(
        _("tolerated spending above a budget line (%)"), default=Decimal("10.00")
    )
    schedule_gap = percent_field(
        _("behind schedule when achievement trails the elapsed time by more than (points)"),
        default=Decimal("20.00"),
    )
    # --- end of delivery ---

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_rating__in=Rating.values),
                name="programme_min_rating_valid",
                violation_error_message=_("Choose one of the evaluation grades."),
            ),
            models.CheckConstraint(
                condition=Q(max_grant__gt=0),
                name="programme_max_grant_positive",
                violation_error_message=_("The maximum grant must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(matching_ratio__gte=0, matching_ratio__lte=HUNDRED),
                name="programme_matching_ratio_percent",
                violation_error_message=_(
                    "The matching-fund ratio is a percentage between 0 and 100."
                ),
            ),
            models.CheckConstraint(
                condition=Q(pass_threshold__gte=0, pass_threshold__lte=HUNDRED),
                name="programme_pass_threshold_points",
                violation_error_message=_("The pass threshold is between 0 and 100 points."),
            ),
            models.CheckConstraint(
                condition=Q(grade_excellent__lte=HUNDRED)
                & Q(grade_good__lt=models.F("grade_excellent"))
                & Q(grade_pass__lt=models.F("grade_good"))
                & Q(grade_pass__gte=0),
                name="programme_grade_bands_ordered",
                violation_error_message=_(
                    "The grade bands must rise (pass below good below excellent) within 0 to 100."
                ),
            ),
            models.CheckConstraint(
                condition=Q(panel_weight__gte=0, panel_weight__lte=HUNDRED),
                name="programme_panel_weight_percent",
                violation_error_message=_(
                    "The panel's weight in the final score is a percentage between 0 and 100."
                ),
            ),
            models.CheckConstraint(
                condition=Q(overspend_tolerance__gte=0, overspend_tolerance__lte=HUNDRED),
                name="programme_overspend_tolerance_percent",
                violation_error_message=_("The spending tolerance is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(schedule_gap__gte=0, schedule_gap__lte=HUNDRED),
                name="programme_schedule_gap_points",
                violation_error_message=_("The schedule gap is a number of points from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def satisfaction_weight(self) -> Decimal:
        return HUNDRED - self.panel_weight


class TrancheRule(models.Model):
    """One step of a programme's payment schedule, e.g. 50 % on signing."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tranche_rules")
    sequence = models.PositiveSmallIntegerField(_("order"))
    trigger = models.CharField(_("paid"), max_length=20, choices=TrancheTrigger.choices)
    percent = percent_field(_("share (%)"))

    class Meta:
        verbose_name = _("tranche rule")
        verbose_name_plural = _("tranche rules")
        ordering = ["programme_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "sequence"],
                name="tranche_rule_unique_sequence",
                violation_error_message=_("Each tranche of the schedule has its own number."),
            ),
            models.CheckConstraint(
                condition=Q(percent__gt=0, percent__lte=HUNDRED),
                name="tranche_rule_percent",
                violation_error_message=_(
                    "A tranche's share is a percentage above 0 and at most 100."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.percent}%"


class BudgetCap(models.Model):
    """At most ``max_percent`` of a proposal's budget may go to ``category``."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budget_caps")
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    max_percent = percent_field(_("at most, percentage of the budget"))

    class Meta:
        verbose_name = _("budget cap")
        verbose_name_plural = _("budget caps")
        ordering = ["programme_id", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "category"],
                name="budget_cap_unique_category",
                violation_error_message=_("This budget category already has a cap."),
            ),
            models.CheckConstraint(
                condition=Q(max_percent__gte=0, max_percent__lte=HUNDRED),
                name="budget_cap_percent",
                violation_error_message=_("A budget cap is a percentage between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ≤ {self.max_percent}%"


class CallQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class Call(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    total_budget = money_field(_("total budget"))
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-year", "-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_budget__gt=0),
                name="call_budget_positive",
                violation_error_message=_("The call's total budget must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="call_window_ordered",
                violation_error_message=_("The application window must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="call_year_plausible",
                violation_error_message=_("The call's year must be between 2000 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["programme", "title"],
                name="call_unique_title",
                violation_error_message=_("This programme already has a call of this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at


class GuideCategory(models.TextChoices):
    ELDERLY = "elderly", _("For the elderly")
    YOUTH = "youth", _("For the young")
    DISABLED = "disabled", _("For the disabled")
    NEEDY = "needy", _("For people in difficulty")
    GOVERNANCE = "governance", _("Community governance")


class GuideItem(models.Model):
    """An item of the call's guide list 项目指引清单, drawn from the needs list."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="guide_items")
    category = models.CharField(_("category"), max_length=20, choices=GuideCategory.choices)
    title = models.CharField(_("title"), max_length=100)
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("target street")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("target community"),
    )
    description = models.TextField(
        _("description"),
        help_text=_("Who exactly, what need, what service, what goal."),
    )

    class Meta:
        verbose_name = _("guide item")
        verbose_name_plural = _("guide items")
        ordering = ["call_id", "category", "title"]

    def __str__(self) -> str:
        return f"[{self.get_category_display()}] {self.title}"
