"""Users and their roles. One person may hold several roles; each role has its scope."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.models.organisations import SocialOrganisation
from accounts.models.regions import Community, Street


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    EXPERT = "expert", _("Review expert")
    OFFICER = "officer", _("Programme officer")
    FINANCE = "finance", _("Finance staff")
    STREET_STAFF = "street_staff", _("Street staff")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    street = models.ForeignKey(
        Street,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("street"),
        help_text=_("For street staff: the street whose projects and compliance they follow."),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("community"),
        help_text=_("For community staff: the community whose plans and needs they keep."),
    )
    organisations = models.ManyToManyField(
        SocialOrganisation,
        through="accounts.OrganisationMembership",
        related_name="members",
        blank=True,
        verbose_name=_("organisations"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """The role codes this user holds, read once per request."""
        if not self.pk:
            return frozenset()
        return frozenset(self.role_assignments.values_list("role", flat=True))

    @cached_property
    def organisation_ids(self) -> frozenset[int]:
        """The organisations this user works for, read once per request."""
        if not self.pk:
            return frozenset()
        return frozenset(self.memberships.values_list("organisation_id", flat=True))

    def has_role(self, role: str) -> bool:
        return self.is_active and role in self.roles

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class UserRole(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                name="user_role_unique",
                violation_error_message=_("This account already holds this role."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values),
                name="user_role_valid",
                violation_error_message=_("Choose one of the roles."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"
