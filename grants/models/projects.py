"""The project: one record for the proposal and the project it becomes.

Its ``state`` moves only through the ``@transition`` methods below, each changing this
one instance. The use cases in ``grants.lifecycle`` lock the row, check the guards, call
the transition, save, and write the log, all in one database transaction.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts import permissions as account_permissions
from accounts.models import Community, SocialOrganisation, User
from grants import permissions
from grants.models.fields import ZERO, money_field, percent_field
from grants.models.programmes import BudgetCategory, Call, GuideItem

# What the project list sorts an amount not yet approved as: one fen more than a money
# column holds, so such projects come last going up and first going down, as PostgreSQL
# sorts NULL (the index on the sort uses the same expression).
NOT_APPROVED = Decimal("10000000000.00")


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    INELIGIBLE = "ineligible", _("Ineligible")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved (publicity)")
    REJECTED = "rejected", _("Rejected")
    CONTRACTED = "contracted", _("Contracted")
    IN_PROGRESS = "in_progress", _("In progress")
    MIDTERM_REVIEW = "midterm_review", _("Mid-term review")
    RECTIFYING = "rectifying", _("Rectifying")
    FINAL_REVIEW = "final_review", _("Final review")
    CLOSED = "closed", _("Closed")
    TERMINATED = "terminated", _("Terminated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ProjectState
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})
# States in which a project holds (part of) its call's budget.
FUNDED_STATES = frozenset(
    {S.APPROVED, S.CONTRACTED, S.IN_PROGRESS, S.MIDTERM_REVIEW, S.RECTIFYING, S.FINAL_REVIEW}
    | {S.CLOSED}
)
# Every state a project reaches once approved: it has an approval notice, and community
# funds may be allocated to it.
PAST_APPROVAL_STATES = FUNDED_STATES | {S.TERMINATED}
# Running projects: they report, and their residents can be surveyed.
REPORTING_STATES = frozenset({S.IN_PROGRESS, S.MIDTERM_REVIEW, S.RECTIFYING, S.FINAL_REVIEW})


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


# The columns a project list row shows (and sorts on): the list reads no other.
LIST_FIELDS = (
    "id",
    "title",
    "state",
    "requested_amount",
    "approved_amount",
    "created_at",
    "organisation__name",
    "call__title",
    "community__name",
    "community__street__name",
)

ROW_COLUMNS = ("id", "title", "state", "requested_amount", "approved_amount", "created_at")
ROW_NAMES = {
    "organisation_name": F("organisation__name"),
    "call_title": F("call__title"),
    "community_name": F("community__name"),
    "street_name": F("community__street__name"),
}


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> "ProjectQuerySet":
        """The projects a user may see; anything else is a 404 for them."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        scope = account_permissions.community_scope(user, "community")
        if scope is None:
            return self
        if account_permissions.is_applicant(user):
            scope |= Q(organisation__in=user.memberships.values("organisation_id"))
        if account_permissions.is_expert(user):
            # An expert reads the projects of the panels it sits on: reviews writes a reader
            # row when it seats the expert and deletes it when the seat ends.
            scope |= Q(pk__in=ProjectReader.objects.filter(user=user).values("project_id"))
        return self.filter(scope)

    def for_list(self) -> "ProjectQuerySet":
        """What a project list row shows, and only that, in one query."""
        return self.select_related("organisation", "call", "community__street").only(*LIST_FIELDS)

    def rows(self) -> "ProjectQuerySet":
        """What the project list shows of each project, as a named tuple a row (``id``,
        ``title``, …, ``street_name``): a page of them costs a third of what building the
        project, organisation, call, community and street of each row costs."""
        return self.annotate(**ROW_NAMES).values_list(*ROW_COLUMNS, *ROW_NAMES, named=True)

    def in_year(self, year: int) -> "ProjectQuerySet":
        return self.filter(call__year=year)

    def in_publicity(self, today) -> "ProjectQuerySet":
        return self.filter(state=S.APPROVED, publicity_ends_on__gte=today)

    def holding_budget(self) -> "ProjectQuerySet":
        return self.filter(state__in=FUNDED_STATES)


class Project(ConcurrentTransitionMixin, models.Model):
    organisation = models.ForeignKey(
        SocialOrganisation,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("organisation"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="projects", verbose_name=_("call")
    )
    guide_item = models.ForeignKey(
        GuideItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("guide item"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("community served"),
    )
    title = models.CharField(_("title"), max_length=100)
    service_targets = models.TextField(_("service targets"), blank=True)
    needs_analysis = models.TextField(_("needs analysis"), blank=True)
    service_content = models.TextField(_("service content"), blank=True)
    goals = models.TextField(_("goals and indicators"), blank=True)
    beneficiaries = models.PositiveIntegerField(_("expected beneficiaries"), null=True, blank=True)
    period_start = models.DateField(_("service period from"), null=True, blank=True)
    period_end = models.DateField(_("service period to"), null=True, blank=True)
    requested_amount = money_field(_("requested amount"), default=ZERO)
    matching_funds = money_field(_("matching funds"), default=ZERO)
    approved_amount = money_field(_("approved amount"), null=True, blank=True)
    paid_amount = money_field(_("paid so far"), default=ZERO, editable=False)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    state = FSMField(
        _("state"), default=S.DRAFT, choices=ProjectState.choices, protected=True, db_index=True
    )
    submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True, editable=False)
    resubmission_deadline = models.DateField(_("resubmit by"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("publicity ends"), null=True, blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=50, blank=True)
    agreement_date = models.DateField(_("agreement date"), null=True, blank=True)
    rectification_deadline = models.DateField(_("rectify by"), null=True, blank=True)
    midterm_passed = models.BooleanField(_("mid-term passed"), default=False)
    panel_score = percent_field(_("review score"), null=True, blank=True)
    midterm_score = percent_field(_("mid-term score"), null=True, blank=True)
    final_panel_score = percent_field(_("final panel score"), null=True, blank=True)
    satisfaction = percent_field(_("resident satisfaction"), null=True, blank=True)
    final_score = percent_field(_("final score"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        # One index for each sort of the project list (keyset pages seek in it, forwards
        # or backwards), and for the queues of the home pages.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="project_list_order"),
            models.Index(fields=["title", "id"], name="project_by_title"),
            models.Index(fields=["requested_amount", "id"], name="project_by_requested"),
            models.Index(
                Coalesce("approved_amount", Value(NOT_APPROVED)), "id", name="project_by_approved"
            ),
            models.Index(fields=["state", "id"], name="project_by_state"),
            models.Index(fields=["state", "submitted_at", "id"], name="project_state_submitted"),
            models.Index(fields=["organisation", "-updated_at"], name="project_org_updated"),
            models.Index(fields=["call", "state"], name="project_call_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__gte=0),
                name="project_requested_not_negative",
                violation_error_message=_("The requested amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(matching_funds__gte=0),
                name="project_matching_not_negative",
                violation_error_message=_("Matching funds cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount__gte=0, approved_amount__lte=F("requested_amount")),
                name="project_approved_within_requested",
                violation_error_message=_(
                    "The approved amount cannot exceed the requested amount."
                ),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0)
                & (
                    Q(paid_amount=0)
                    | Q(approved_amount__isnull=False, paid_amount__lte=F("approved_amount"))
                ),
                name="project_paid_within_approved",
                violation_error_message=_("Payments cannot exceed the approved amount."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="project_period_ordered",
                violation_error_message=_("The service period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=ProjectState.values),
                name="project_state_valid",
                violation_error_message=_("Unknown project state."),
            ),
            models.UniqueConstraint(
                fields=["agreement_number"],
                condition=~Q(agreement_number=""),
                name="project_agreement_number_unique",
                violation_error_message=_(
                    "This agreement number is already used by another project."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # --- derived values -----------------------------------------------------------------

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def accepts_reports(self) -> bool:
        return self.state in REPORTING_STATES

    @property
    def is_returned(self) -> bool:
        """Returned for revision: the applicant may fix it and resubmit."""
        return self.state == S.RETURNED

    @property
    def is_rectifying(self) -> bool:
        """The mid-term panel found problems the organisation is fixing."""
        return self.state == S.RECTIFYING

    @property
    def programme(self):
        return self.call.programme

    # --- transitions (written out one by one; each changes this instance only) -----------

    @transition(
        field=state,
        source=[S.DRAFT, S.RETURNED],
        target=S.SUBMITTED,
        permission=permissions.is_member,
    )
    def submit(self, *, at) -> None:
        self.submitted_at = at

    @transition(
        field=state, source=S.SUBMITTED, target=S.RETURNED, permission=permissions.may_decide
    )
    def return_for_revision(self, *, deadline) -> None:
        self.resubmission_deadline = deadline

    @transition(
        field=state, source=S.SUBMITTED, target=S.INELIGIBLE, permission=permissions.may_decide
    )
    def mark_ineligible(self) -> None:
        pass

    @transition(
        field=state, source=S.SUBMITTED, target=S.UNDER_REVIEW, permission=permissions.may_decide
    )
    def accept_for_review(self) -> None:
        pass

    @transition(
        field=state,
        source=S.UNDER_REVIEW,
        target=S.APPROVED,
        permission=permissions.may_decide,
    )
    def approve(self, *, amount: Decimal, score: Decimal, publicity_ends_on) -> None:
        self.approved_amount = amount
        self.panel_score = score
        self.publicity_ends_on = publicity_ends_on

    @transition(
        field=state,
        source=[S.UNDER_REVIEW, S.APPROVED],
        target=S.REJECTED,
        permission=permissions.may_decide,
    )
    def reject(self) -> None:
        pass

    @transition(
        field=state, source=S.APPROVED, target=S.CONTRACTED, permission=permissions.may_decide
    )
    def sign_agreement(self, *, number: str, signed_on) -> None:
        self.agreement_number = number
        self.agreement_date = signed_on

    @transition(
        field=state,
        source=S.CONTRACTED,
        target=S.IN_PROGRESS,
        permission=permissions.may_record_payment,
    )
    def start(self) -> None:
        pass

    @transition(
        field=state,
        source=S.IN_PROGRESS,
        target=S.MIDTERM_REVIEW,
        permission=permissions.may_decide,
        conditions=[lambda project: not project.midterm_passed],
    )
    def open_midterm(self) -> None:
        pass

    @transition(
        field=state,
        source=S.MIDTERM_REVIEW,
        target=S.IN_PROGRESS,
        permission=permissions.may_decide,
    )
    def pass_midterm(self, *, score: Decimal) -> None:
        self.midterm_passed = True
        self.midterm_score = score

    @transition(
        field=state,
        source=S.MIDTERM_REVIEW,
        target=S.RECTIFYING,
        permission=permissions.may_decide,
    )
    def require_rectification(self, *, score: Decimal, deadline) -> None:
        self.midterm_score = score
        self.rectification_deadline = deadline

    @transition(
        field=state, source=S.RECTIFYING, target=S.MIDTERM_REVIEW, permission=permissions.is_member
    )
    def resubmit_rectification(self) -> None:
        pass

    @transition(
        field=state,
        source=S.IN_PROGRESS,
        target=S.FINAL_REVIEW,
        permission=permissions.may_decide,
        conditions=[lambda project: project.midterm_passed],
    )
    def open_final(self) -> None:
        pass

    @transition(
        field=state,
        source=S.FINAL_REVIEW,
        target=S.CLOSED,
        permission=permissions.may_decide,
    )
    def close(
        self, *, panel_score: Decimal, satisfaction: Decimal, final_score: Decimal, grade: str
    ) -> None:
        self.final_panel_score = panel_score
        self.satisfaction = satisfaction
        self.final_score = final_score
        self.grade = grade

    @transition(
        field=state,
        source=[S.CONTRACTED, S.IN_PROGRESS, S.MIDTERM_REVIEW, S.RECTIFYING],
        target=S.TERMINATED,
        permission=permissions.may_decide,
    )
    def terminate(self) -> None:
        pass

    @transition(
        field=state,
        source=[S.DRAFT, S.SUBMITTED, S.RETURNED],
        target=S.WITHDRAWN,
        permission=permissions.is_member,
    )
    def withdraw(self) -> None:
        pass


class ProjectReader(models.Model):
    """A user who may read one project beyond what their roles show: an expert seated on
    one of the project's panels. ``Project.objects.visible_to`` reads these rows; reviews
    writes one when it seats the expert (draw, replacement, assignment by hand) and deletes
    it when the expert's last seat on the project ends (recusal, removal)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_readings"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project reader")
        verbose_name_plural = _("project readers")
        ordering = ["project_id", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                name="project_reader_unique",
                violation_error_message=_("This user already reads this project."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"


class BudgetLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    amount = money_field(_("amount"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="budget_line_amount_positive",
                violation_error_message=_("A budget line's amount must be above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount}"


class AttachmentKind(models.TextChoices):
    REGISTRATION_CERTIFICATE = "registration", _("Registration certificate")
    BUDGET_DETAIL = "budget_detail", _("Detailed budget")
    SUPPORTING = "supporting", _("Supporting material")
    MIDTERM_REPORT = "midterm_report", _("Mid-term report")
    RECTIFICATION_REPORT = "rectification_report", _("Rectification report")
    FINAL_REPORT = "final_report", _("Final report")


PROPOSAL_ATTACHMENTS = frozenset(
    {
        AttachmentKind.REGISTRATION_CERTIFICATE,
        AttachmentKind.BUDGET_DETAIL,
        AttachmentKind.SUPPORTING,
    }
)
REPORT_ATTACHMENTS = frozenset(
    {
        AttachmentKind.MIDTERM_REPORT,
        AttachmentKind.RECTIFICATION_REPORT,
        AttachmentKind.FINAL_REPORT,
    }
)


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Stored under a random name; the original name is kept in the row only."""
    return f"attachments/{instance.project_id}/{instance.storage_token}{instance.extension}"


class Attachment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=10, editable=False)
    storage_token = models.CharField(max_length=40, editable=False, unique=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["project_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
