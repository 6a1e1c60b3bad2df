"""What happened to a project: its transition log, its edits, its submitted versions.

All three are append-only records: rows are created, never changed or removed. The
transition log is protected in the database too (an update trigger, see migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grants.models.projects import Project, ProjectState


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise TypeError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are append-only.")


class TransitionLog(AppendOnlyModel):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="transition_logs")
    transition = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20, choices=ProjectState.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ProjectState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("transition log entry")
        verbose_name_plural = _("transition log")
        ordering = ["project_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.transition} {self.from_state}→{self.to_state}"


class ProjectChange(AppendOnlyModel):
    """Who changed which parts of a proposal, and when."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    fields = models.JSONField(_("changed"), default=list)

    class Meta:
        verbose_name = _("proposal change")
        verbose_name_plural = _("proposal changes")
        ordering = ["project_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.user_id} {', '.join(self.fields)}"


class ProjectVersion(AppendOnlyModel):
    """The proposal exactly as submitted: a frozen copy made by every submit."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["project_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="project_version_unique",
                violation_error_message=_("This version of the proposal has already been saved."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.number}"
