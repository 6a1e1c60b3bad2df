"""The two community policy rules' data: the policy by year, each community's annual
service-fund plan 为民服务专项经费计划 (R1) and its service-space registry 社区服务用房 (R2).

Plans and registries move draft → submitted → approved (community staff submit, the
officer approves; the officer may return a submitted one to draft). The rules themselves
are computed in ``community.policy``; the use cases that keep them are in
``community.plans`` and ``community.spaces``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.models import Community
from community import permissions
from grants.models import Project
from grants.models.fields import HUNDRED, money_field, percent_field


class PolicyQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "Policy | None":
        """The policy in force in ``year``: the latest one effective on or before it."""
        return self.filter(effective_year__lte=year).order_by("-effective_year").first()


class Policy(models.Model):
    """The district's numbers, from an effective year until a later policy replaces them."""

    effective_year = models.PositiveSmallIntegerField(_("effective from year"), unique=True)
    fund_amount = money_field(_("annual service fund per community"))
    project_share_min = percent_field(_("project-based services, at least (percent)"))
    designated_space_min = percent_field(_("designated service space, at least (percent)"))
    home_care_space_min = percent_field(_("home-based elderly care space, at least (percent)"))
    open_space_min = percent_field(_("space open to social organisations, at least (percent)"))

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("community policy")
        verbose_name_plural = _("community policies")
        ordering = ["-effective_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fund_amount__gt=0),
                name="policy_fund_positive",
                violation_error_message=_("The annual service fund must be above zero."),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0, f"{name}__lte": HUNDRED}),
                    name=f"policy_{name}_percent",
                    violation_error_message=_("A minimum share is a percentage between 0 and 100."),
                )
                for name in (
                    "project_share_min",
                    "designated_space_min",
                    "home_care_space_min",
                    "open_space_min",
                )
            ],
        ]

    def __str__(self) -> str:
        return str(self.effective_year)

    def clean(self) -> None:
        """A policy takes effect only from a year still to come: a year under way or past
        keeps the numbers its plans and registries were judged by, whether the policy is
        added, changed or moved to that year."""
        super().clean()
        this_year = timezone.localdate().year
        stored = None if self._state.adding else Policy.objects.filter(pk=self.pk).first()
        if stored is not None and stored.effective_year <= this_year:
            raise ValidationError(
                _("The policy of %(year)s is in force or past and can no longer be changed.")
                % {"year": stored.effective_year}
            )
        if self.effective_year is not None and self.effective_year <= this_year:
            raise ValidationError(
                {
                    "effective_year": _(
                        "A new policy takes effect from %(next)s at the earliest: %(year)s "
                        "is under way or past, and its plans keep the policy they were "
                        "judged by."
                    )
                    % {"next": this_year + 1, "year": self.effective_year}
                }
            )


class RecordState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("plan state", "Submitted")
    APPROVED = "approved", pgettext_lazy("plan state", "Approved")


def _keeps(record: "CommunityRecord", user) -> bool:
    return permissions.keeps_records_of(user, record.community_id)


def _approves(record: "CommunityRecord", user) -> bool:
    return permissions.approves_records(user)


class CommunityRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return permissions.visible_records(self, user)


class CommunityRecord(ConcurrentTransitionMixin, models.Model):
    """What a fund plan and a space registry share: a community, a year, a state, and the
    steps draft → submitted → approved (or back to draft). Each keeps a ``logs`` relation."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = FSMField(
        _("state"), default=RecordState.DRAFT, choices=RecordState.choices, protected=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommunityRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        """Kept by the community in draft, and amended (under the rule) once approved."""
        return self.state in {RecordState.DRAFT, RecordState.APPROVED}

    def log(self, action: str, *, by, from_state: str, comment: str = "") -> "RecordLog":
        """A timeline row; each concrete record has its own ``logs`` relation."""
        return self.logs.create(
            action=action, from_state=from_state, to_state=self.state, actor=by, comment=comment
        )

    @transition(
        field=state, source=RecordState.DRAFT, target=RecordState.SUBMITTED, permission=_keeps
    )
    def submit(self) -> None:
        pass

    @transition(
        field=state, source=RecordState.SUBMITTED, target=RecordState.DRAFT, permission=_approves
    )
    def return_to_draft(self) -> None:
        pass

    @transition(
        field=state, source=RecordState.SUBMITTED, target=RecordState.APPROVED, permission=_approves
    )
    def approve(self) -> None:
        pass


class FundPlan(CommunityRecord):
    fund_amount = money_field(_("annual fund"))

    class Meta:
        verbose_name = _("service-fund plan")
        verbose_name_plural = _("service-fund plans")
        ordering = ["-year", "community_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year"],
                name="fund_plan_unique_year",
                violation_error_message=_(
                    "This community already has a service-fund plan for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fund_amount__gt=0),
                name="fund_plan_positive",
                violation_error_message=_("The annual fund must be above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("community:plan", args=[self.pk])


class AllocationUse(models.TextChoices):
    PROJECT_BASED = "project_based", _("Project-based community services")
    ACTIVITIES = "activities", _("Community activities")
    OFFICE = "office", _("Office running costs")
    EMERGENCY = "emergency", _("Emergency relief")
    OTHER = "other", _("Other")


class Allocation(models.Model):
    plan = models.ForeignKey(FundPlan, on_delete=models.CASCADE, related_name="allocations")
    use = models.CharField(_("use"), max_length=20, choices=AllocationUse.choices)
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_allocations",
        verbose_name=_("project"),
    )
    amount = money_field(_("amount"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["plan_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="allocation_amount_positive",
                violation_error_message=_("An allocation must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(use=AllocationUse.PROJECT_BASED, project__isnull=False)
                | (~Q(use=AllocationUse.PROJECT_BASED) & Q(project__isnull=True)),
                name="allocation_project_iff_project_based",
                violation_error_message=_(
                    "A project-based allocation names its project; other uses name none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_use_display()} {self.amount}"


class SpaceRegistry(CommunityRecord):
    class Meta:
        verbose_name = _("service-space registry")
        verbose_name_plural = _("service-space registries")
        ordering = ["-year", "community_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year"],
                name="space_registry_unique_year",
                violation_error_message=_(
                    "This community already has a space registry for this year."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("community:registry", args=[self.pk])


class RoomUse(models.TextChoices):
    HOME_CARE = "home_care", _("Home-based elderly care")
    ELDERLY = "elderly", _("Other elderly services")
    YOUTH = "youth", _("Youth")
    CHARITY = "charity", _("Charity")
    MEDIATION = "mediation", _("Mediation and governance")
    OFFICE = "office", _("Office")
    OTHER = "other", _("Other")


DESIGNATED_USES = frozenset(
    {RoomUse.HOME_CARE, RoomUse.ELDERLY, RoomUse.YOUTH, RoomUse.CHARITY, RoomUse.MEDIATION}
)


class Room(models.Model):
    registry = models.ForeignKey(SpaceRegistry, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=50)
    area = models.DecimalField(_("area (m²)"), max_digits=8, decimal_places=2)
    use = models.CharField(_("designated use"), max_length=20, choices=RoomUse.choices)
    open_to_organisations = models.BooleanField(_("open to social organisations"), default=False)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["registry_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__gt=0),
                name="room_area_positive",
                violation_error_message=_("A room's area must be above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.area}m²"


class RecordLog(models.Model):
    """Submissions, returns and approvals of plans and registries, and every amendment
    made after approval."""

    plan = models.ForeignKey(FundPlan, null=True, on_delete=models.CASCADE, related_name="logs")
    registry = models.ForeignKey(
        SpaceRegistry, null=True, on_delete=models.CASCADE, related_name="logs"
    )
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=RecordState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=RecordState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("plan or registry log entry")
        verbose_name_plural = _("plan and registry log")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, registry__isnull=True)
                | Q(plan__isnull=True, registry__isnull=False),
                name="record_log_one_record",
                violation_error_message=_("A log entry belongs to one plan or one registry."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"
