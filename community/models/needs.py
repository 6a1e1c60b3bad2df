"""The needs list 需求清单: what residents need, as communities report it, and what became
of each need.

A community reports a need (with its channel, category, who is affected and evidence);
the street's social-organisation service centre forwards it to the district or returns it
with a reason; the district screens it into a guide-item draft, merges it into another
need, refers it to a government department, or declines it. A draft — the four
"对象要准、需求要清、服务要实、目标要明" parts, where, a category and a suggested budget —
answers one or more needs, and becomes an item of a call's guide list when an officer
places it; projects answer that item. So every funded project traces back to needs.

``state`` moves only through the ``@transition`` methods below, each changing this one
instance; the use cases in ``community.needs`` and ``community.screening`` lock the row,
check the guards, fire, save and log in one transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from accounts.models import Community, Street
from community import permissions
from grants.models import PAST_APPROVAL_STATES, GuideCategory, GuideItem, Project
from grants.models.fields import money_field
from grants.models.history import AppendOnlyModel


class NeedChannel(models.TextChoices):
    GRID = "grid", _("Grid management")
    VISITS = "visits", _("Door-to-door visits")
    HOTLINE = "hotline", _("12345 hotline ticket")
    WECHAT = "wechat", _("Community WeChat account")
    APP = "app", _("Community app")
    OTHER = "other", pgettext_lazy("need channel", "Other")


class NeedState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("need state", "Draft")
    REPORTED = "reported", pgettext_lazy("need state", "Reported to the street")
    RETURNED = "returned", pgettext_lazy("need state", "Returned to the community")
    FORWARDED = "forwarded", pgettext_lazy("need state", "Forwarded to the district")
    SCREENED = "screened", pgettext_lazy("need state", "Screened into a guide item")
    MERGED = "merged", pgettext_lazy("need state", "Merged into another need")
    REFERRED = "referred", pgettext_lazy("need state", "Referred to a department")
    DECLINED = "declined", pgettext_lazy("need state", "Declined")


N = NeedState
# The community keeps (edits, attaches evidence to, reports) a need in these states.
KEPT_STATES = frozenset({N.DRAFT, N.RETURNED})
# Decided by the district: nothing more happens to the need itself.
DECIDED_STATES = frozenset({N.SCREENED, N.MERGED, N.REFERRED, N.DECLINED})
# Reported at some point: what the district's figures count (a draft is not yet a need).
REPORTED_STATES = frozenset(NeedState.values) - {N.DRAFT}


class Department(models.Model):
    """A government department 职能部门 that needs are referred to, and that gets the
    screened needs it is concerned with back as a reference for its own purchase of
    services (费随事转、购买服务)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    categories = models.JSONField(
        _("categories it is concerned with"),
        default=list,
        blank=True,
        help_text=_("Screened needs of these categories that no project took are sent to it."),
    )
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GuideItemDraft(models.Model):
    """A guide item as the district screened it from needs, before and after an officer
    places it in a call's guide list (``guide_item``: the item it became)."""

    title = models.CharField(_("title"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=GuideCategory.choices)
    street = models.ForeignKey(
        Street,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target street"),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target community"),
    )
    target_group = models.TextField(
        _("who exactly (对象要准)"), help_text=_("Who is served, and how many.")
    )
    need_statement = models.TextField(
        _("what need (需求要清)"), help_text=_("The need, as residents and records show it.")
    )
    service = models.TextField(
        _("what service (服务要实)"), help_text=_("The service that answers it.")
    )
    goal = models.TextField(
        _("what goal (目标要明)"), help_text=_("What will have changed, measurably.")
    )
    suggested_budget = money_field(_("suggested budget"))
    guide_item = models.OneToOneField(
        GuideItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft",
        verbose_name=_("guide item"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("guide-item draft")
        verbose_name_plural = _("guide-item drafts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target_group="")
                & ~Q(need_statement="")
                & ~Q(service="")
                & ~Q(goal=""),
                name="guide_draft_four_parts",
                violation_error_message=_(
                    "A guide item says who exactly, what need, what service and what goal: "
                    "all four are required."
                ),
            ),
            models.CheckConstraint(
                condition=Q(street__isnull=False) | Q(community__isnull=False),
                name="guide_draft_has_target",
                violation_error_message=_("Choose the street or the community it serves."),
            ),
            models.CheckConstraint(
                condition=Q(suggested_budget__gt=0),
                name="guide_draft_budget_positive",
                violation_error_message=_("The suggested budget must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(guide_item__isnull=True) | Q(placed_at__isnull=False),
                name="guide_draft_placed_when",
                violation_error_message=_("A placed draft records when it was placed."),
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.get_category_display()}] {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("community:guide_draft", args=[self.pk])

    @property
    def is_placed(self) -> bool:
        return self.guide_item_id is not None

    @property
    def target(self) -> str:
        """Where it serves: the community (with its street), or the whole street."""
        if self.community is not None:
            return f"{self.community.street.name} · {self.community.name}"
        return self.street.name if self.street is not None else ""


def _keeps(need: "Need", user) -> bool:
    return permissions.keeps_need(need, user)


def _sorts(need: "Need", user) -> bool:
    return permissions.sorts_need(need, user)


def _decides(need: "Need", user) -> bool:
    return permissions.decides_need(need, user)


class NeedQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NeedQuerySet":
        """The needs a user may see; anything else is a 404 for them."""
        return permissions.visible_needs(self, user)

    def in_year(self, year: int) -> "NeedQuerySet":
        return self.filter(found_on__year=year)

    def reported(self) -> "NeedQuerySet":
        return self.filter(state__in=REPORTED_STATES)

    def for_list(self) -> "NeedQuerySet":
        """Everything a list row shows, what became of the need included (the projects
        past approval that took its guide item: ``guide_item.funded_projects``), in a
        fixed number of queries whatever the number of rows."""
        return self.select_related(
            "community__street",
            "department",
            "possible_duplicate_of",
            "guide_draft__guide_item__call",
            "merged_into__guide_draft__guide_item__call",
        ).prefetch_related(
            *(
                Prefetch(
                    f"{path}guide_draft__guide_item__projects",
                    queryset=Project.objects.filter(state__in=PAST_APPROVAL_STATES).order_by("pk"),
                    to_attr="funded_projects",
                )
                for path in ("", "merged_into__")
            )
        )


class Need(ConcurrentTransitionMixin, models.Model):
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("community"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=NeedChannel.choices)
    category = models.CharField(_("category"), max_length=20, choices=GuideCategory.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"))
    people_affected = models.PositiveIntegerField(_("people affected"))
    affected_group = models.CharField(
        _("who is affected"), max_length=100, help_text=_("e.g. 独居老人, 双职工家庭小学生")
    )
    source_reference = models.CharField(
        _("source reference"),
        max_length=50,
        blank=True,
        help_text=_("The 12345 ticket number, the visit record number, …"),
    )
    found_on = models.DateField(_("found on"), default=timezone.localdate, db_index=True)

    state = FSMField(
        _("state"), default=N.DRAFT, choices=NeedState.choices, protected=True, db_index=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    decision_note = models.TextField(
        _("reason"), blank=True, help_text=_("Why it was returned, referred or declined.")
    )
    guide_draft = models.ForeignKey(
        GuideItemDraft,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("guide-item draft"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_needs",
        verbose_name=_("merged into"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("referred to"),
    )
    possible_duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-found_on", "-id"]
        indexes = [models.Index(fields=["community", "found_on"], name="need_community_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=NeedState.values),
                name="need_state_valid",
                violation_error_message=_("Unknown state."),
            ),
            models.CheckConstraint(
                condition=Q(people_affected__gte=1),
                name="need_people_affected_positive",
                violation_error_message=_("At least one person is affected."),
            ),
            models.CheckConstraint(
                condition=Q(state=N.SCREENED, guide_draft__isnull=False)
                | (~Q(state=N.SCREENED) & Q(guide_draft__isnull=True)),
                name="need_screened_iff_draft",
                violation_error_message=_("A screened need answers exactly one guide item."),
            ),
            models.CheckConstraint(
                condition=Q(state=N.MERGED, merged_into__isnull=False)
                | (~Q(state=N.MERGED) & Q(merged_into__isnull=True)),
                name="need_merged_iff_target",
                violation_error_message=_("A merged need names the need it was merged into."),
            ),
            models.CheckConstraint(
                condition=Q(state=N.REFERRED, department__isnull=False)
                | (~Q(state=N.REFERRED) & Q(department__isnull=True)),
                name="need_referred_iff_department",
                violation_error_message=_("A referred need names its department."),
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")),
                name="need_not_merged_into_itself",
                violation_error_message=_("A need cannot be merged into itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:need", args=[self.pk])

    # --- derived values -----------------------------------------------------------------

    @property
    def is_kept(self) -> bool:
        """Still with the community: it may be edited, given evidence and reported."""
        return self.state in KEPT_STATES

    @property
    def is_draft(self) -> bool:
        return self.state == N.DRAFT

    @property
    def is_returned(self) -> bool:
        return self.state == N.RETURNED

    @property
    def is_reported(self) -> bool:
        """Waiting for the street's review."""
        return self.state == N.REPORTED

    @property
    def is_forwarded(self) -> bool:
        """Waiting for the district's screening."""
        return self.state == N.FORWARDED

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_STATES

    @property
    def year(self) -> int:
        return self.found_on.year

    @property
    def answering_draft(self) -> GuideItemDraft | None:
        """The guide-item draft that answers this need: its own once screened, or, once
        merged, that of the need it was merged into (what became of that one is what
        became of this one)."""
        if self.guide_draft_id is not None:
            return self.guide_draft
        if self.merged_into_id is not None:
            return self.merged_into.guide_draft
        return None

    @property
    def shows_duplicate_flag(self) -> bool:
        """A likely repeat of an earlier need, not yet decided: the district may merge it."""
        return self.possible_duplicate_of_id is not None and not self.is_decided

    # --- transitions (written out one by one; each changes this instance only) -----------

    @transition(field=state, source=[N.DRAFT, N.RETURNED], target=N.REPORTED, permission=_keeps)
    def report(self, *, reporter, at) -> None:
        self.reported_by = reporter
        self.reported_at = at
        self.decision_note = ""

    @transition(field=state, source=N.REPORTED, target=N.FORWARDED, permission=_sorts)
    def forward(self) -> None:
        pass

    @transition(field=state, source=N.REPORTED, target=N.RETURNED, permission=_sorts)
    def return_to_community(self, *, reason: str) -> None:
        self.decision_note = reason

    @transition(field=state, source=N.FORWARDED, target=N.SCREENED, permission=_decides)
    def screen(self, *, draft: GuideItemDraft) -> None:
        self.guide_draft = draft

    @transition(field=state, source=N.FORWARDED, target=N.MERGED, permission=_decides)
    def merge(self, *, into: "Need") -> None:
        self.merged_into = into

    @transition(field=state, source=N.FORWARDED, target=N.REFERRED, permission=_decides)
    def refer(self, *, department: Department, note: str) -> None:
        self.department = department
        self.decision_note = note

    @transition(field=state, source=N.FORWARDED, target=N.DECLINED, permission=_decides)
    def decline(self, *, reason: str) -> None:
        self.decision_note = reason


def evidence_path(instance: "NeedEvidence", filename: str) -> str:
    """Stored under a random name; the original name is kept in the row only."""
    return f"needs/{instance.need_id}/{instance.storage_token}{instance.extension}"


class NeedEvidence(models.Model):
    """A file that shows the need: the 12345 ticket, the visit record, a photo."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    extension = models.CharField(max_length=10, editable=False)
    storage_token = models.CharField(max_length=40, editable=False, unique=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["need_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class NeedLog(AppendOnlyModel):
    """What happened to a need: created or imported, each transition, placing its guide
    item in a call. Rows are added, never changed or removed."""

    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="logs")
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=NeedState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=NeedState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("need log entry")
        verbose_name_plural = _("need log")
        ordering = ["need_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.action} {self.from_state}→{self.to_state}"
