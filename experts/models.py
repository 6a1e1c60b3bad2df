"""The expert pool 专家库: experts, their declared ties with organisations, recusals, and
the recorded panel draws that anyone can replay."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import SocialOrganisation
from grants.models import Project
from grants.stages import Stage


class ExpertField(models.TextChoices):
    ELDERLY = "elderly", _("Elderly care")
    YOUTH = "youth", _("Youth")
    DISABILITY = "disability", _("Disability support")
    POVERTY = "poverty", _("Poverty relief")
    GOVERNANCE = "governance", _("Community governance")
    FINANCE = "finance", _("Finance")
    LAW = "law", _("Law")
    SOCIAL_WORK = "social_work", _("Social work")


class Expert(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expert_profile",
        verbose_name=_("user account"),
    )
    name = models.CharField(_("name"), max_length=50)
    affiliation = models.CharField(_("affiliation"), max_length=100)
    title = models.CharField(_("professional title"), max_length=50, blank=True)
    fields = models.JSONField(_("fields of expertise"), default=list)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def field_labels(self) -> list[str]:
        return [str(ExpertField(code).label) for code in self.fields if code in ExpertField.values]


class TieKind(models.TextChoices):
    EMPLOYEE = "employee", _("Works for it")
    BOARD = "board", _("Board member or adviser")
    RELATIVE = "relative", _("Close relative works there")
    OTHER = "other", _("Other interest")


class ExpertTie(models.Model):
    """A declared tie: the expert never scores this organisation's projects."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="ties")
    organisation = models.ForeignKey(
        SocialOrganisation,
        on_delete=models.CASCADE,
        related_name="expert_ties",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("tie"), max_length=20, choices=TieKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declared tie")
        verbose_name_plural = _("declared ties")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "organisation"],
                name="expert_tie_unique",
                violation_error_message=_("This tie is already declared."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} – {self.organisation}"


class Recusal(models.Model):
    """An expert stepped aside from one project."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="recusals")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("reason"), max_length=200)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "project"],
                name="recusal_unique",
                violation_error_message=_(
                    "This expert has already stepped aside from this project."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} ⟂ {self.project_id}"


class DrawKind(models.TextChoices):
    PANEL = "panel", _("Panel draw")
    REPLACEMENT = "replacement", _("Replacement draw")


class Draw(models.Model):
    """A random draw, recorded with its seed and every input, so replaying it must give
    the same panels; ``digest`` seals the record so an edit is detected."""

    kind = models.CharField(_("kind"), max_length=20, choices=DrawKind.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    seed = models.CharField(_("seed"), max_length=64)
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    digest = models.CharField(_("digest"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("panel draw")
        verbose_name_plural = _("panel draws")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d} {self.seed[:8]}"
