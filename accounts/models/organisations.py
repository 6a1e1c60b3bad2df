"""Social organisations 社会组织 and the people who work for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.credit_code import validate_credit_code
from accounts.models.regions import Community


class OrganisationType(models.TextChoices):
    SOCIAL_GROUP = "social_group", _("Social group")
    SOCIAL_SERVICE = "social_service", _("Private non-enterprise unit (social service agency)")
    FOUNDATION = "foundation", _("Foundation")


# The category character a civil-affairs registration (authority 5) gives each type.
_CIVIL_AFFAIRS_CATEGORY = {
    OrganisationType.SOCIAL_GROUP: "1",
    OrganisationType.SOCIAL_SERVICE: "2",
    OrganisationType.FOUNDATION: "3",
}


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ABNORMAL = "abnormal", _("On the abnormal-activity list")
    DEREGISTERED = "deregistered", _("Deregistered")


class InspectionResult(models.TextChoices):
    QUALIFIED = "qualified", _("Qualified")
    BASICALLY_QUALIFIED = "basically_qualified", _("Basically qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")
    NOT_INSPECTED = "not_inspected", _("Not inspected")


class Verification(models.TextChoices):
    """Whether the bureau has checked the organisation against its registration record.
    A self-registered organisation waits (it may draft, not submit) until an officer
    confirms it; organisations the bureau entered itself were confirmed when added."""

    PENDING = "pending", _("Awaiting the bureau's check")
    CONFIRMED = "confirmed", _("Confirmed by the bureau")
    REJECTED = "rejected", _("Not confirmed by the bureau")


class Rating(models.TextChoices):
    """The civil-affairs evaluation grade 社会组织评估等级 (1A lowest to 5A highest)."""

    NONE = "", _("Not rated")
    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class SocialOrganisation(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, as printed on the registration certificate."),
    )
    org_type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    registration_authority = models.CharField(_("registration authority"), max_length=100)
    registration_date = models.DateField(_("registration date"))
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    contact_person = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    address = models.CharField(_("address"), max_length=200, blank=True)
    home_community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("home community"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
    )
    inspection_year = models.PositiveSmallIntegerField(
        _("last annual inspection year"), null=True, blank=True
    )
    inspection_result = models.CharField(
        _("annual inspection result"),
        max_length=20,
        choices=InspectionResult.choices,
        default=InspectionResult.NOT_INSPECTED,
    )
    rating = models.CharField(
        _("evaluation grade"), max_length=2, choices=Rating.choices, blank=True, default=""
    )
    # The bureau's check of a self-registered organisation (issue 12): who and when.
    verification = models.CharField(
        _("checked by the bureau"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    verified_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    verification_note = models.TextField(
        _("reason, when not confirmed"), blank=True, max_length=1000
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_code__regex=r"^[0-9A-HJ-NPQRTUWXY]{18}$"),
                name="organisation_credit_code_shape",
                violation_error_message=_(
                    "The unified social credit code is 18 digits and capital letters "
                    "(no I, O, S, V or Z)."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(org_type__in=OrganisationType.values),
                name="organisation_type_valid",
                violation_error_message=_("Choose one of the organisation types."),
            ),
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values),
                name="organisation_rating_valid",
                violation_error_message=_("Choose one of the evaluation grades."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OrganisationStatus.values),
                name="organisation_status_valid",
                violation_error_message=_("Choose one of the statuses."),
            ),
            models.CheckConstraint(
                condition=models.Q(verification__in=Verification.values),
                name="organisation_verification_valid",
                violation_error_message=_("Choose one of the verification states."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_confirmed(self) -> bool:
        return self.verification == Verification.CONFIRMED

    @property
    def is_rejected(self) -> bool:
        return self.verification == Verification.REJECTED

    def clean(self) -> None:
        super().clean()
        code = self.credit_code or ""
        expected = _CIVIL_AFFAIRS_CATEGORY.get(self.org_type)
        if len(code) == 18 and code[0] == "5" and expected and code[1] != expected:
            raise ValidationError(
                {
                    "org_type": _(
                        "The credit code %(code)s is issued to a different type of "
                        "organisation (category %(category)s); check the type or the code."
                    )
                    % {"code": code, "category": code[1]}
                }
            )


class OrganisationMembership(models.Model):
    """A user who works for an organisation and may write its proposals."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        SocialOrganisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique_user_organisation",
                violation_error_message=_("This person already works for this organisation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
