"""Rubrics, panels, score sheets and resident satisfaction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from experts.models import Draw, Expert
from grants.models import Programme, Project
from grants.stages import Stage


class Rubric(models.Model):
    """A programme's scoring table for one stage. A new version is made when a used rubric
    changes; a panel keeps the version it started with."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="rubrics")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["programme_id", "stage", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "stage", "version"],
                name="rubric_unique_version",
                violation_error_message=_("This rubric version already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.get_stage_display()} v{self.version}"


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("criterion"), max_length=50)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric_id", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_positive",
                violation_error_message=_("A criterion's maximum must be above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.max_points}"


class Panel(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="panels")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="panels")
    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, null=True, related_name="panels")
    deadline = models.DateField(_("scores due"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review panel")
        verbose_name_plural = _("review panels")
        ordering = ["project_id", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stage"],
                name="panel_unique_stage",
                violation_error_message=_("This project already has a panel for this stage."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_stage_display()}"

    @property
    def drawn_size(self) -> int:
        """The seats its draw filled (none for a panel assigned by hand only)."""
        return int(self.draw.inputs["size"]) if self.draw_id is not None else 0


class MemberSource(models.TextChoices):
    DRAWN = "drawn", _("Drawn")
    REPLACEMENT = "replacement", _("Drawn as a replacement")
    MANUAL = "manual", _("Assigned by hand")


class PanelMember(models.Model):
    """An expert on a panel; removal is recorded, never deleted, with who and why."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="panel_seats")
    source = models.CharField(_("how"), max_length=20, choices=MemberSource.choices)
    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, null=True, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    removed_reason = models.CharField(_("removed because"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        ordering = ["panel_id", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "expert"],
                condition=Q(removed_at__isnull=True),
                name="panel_member_active_once",
                violation_error_message=_("This expert already sits on this panel."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} @ {self.panel}"


class SheetState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("sheet state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("sheet state", "Submitted")


class ScoreSheet(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="sheets")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="sheets")
    state = models.CharField(
        _("state"), max_length=20, choices=SheetState.choices, default=SheetState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["panel_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "expert"],
                name="score_sheet_unique",
                violation_error_message=_(
                    "This expert already has a score sheet for this project and stage."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.panel}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"],
                name="score_unique",
                violation_error_message=_("This criterion is already scored on this sheet."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="score_not_negative",
                violation_error_message=_("Points cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class SheetEvent(models.Model):
    """Submissions and the officer's reopenings of a sheet, with the reason."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"


class SatisfactionSurvey(models.Model):
    """Resident satisfaction with a project, entered by the community (0–100)."""

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="satisfaction_survey"
    )
    respondents = models.PositiveIntegerField(_("respondents"))
    score = models.DecimalField(_("satisfaction score"), max_digits=5, decimal_places=2)
    counts = models.JSONField(_("answers by level"), default=dict, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("resident satisfaction survey")
        verbose_name_plural = _("resident satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="satisfaction_score_range",
                violation_error_message=_("Satisfaction is between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(respondents__gt=0),
                name="satisfaction_respondents",
                violation_error_message=_("At least one resident must have answered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.score}"
