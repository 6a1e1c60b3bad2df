"""The region tree: district 区 → street or park 街道（园区） → community 社区.

Three fixed levels, each its own table, so a foreign key to ``Community`` can only ever
point at a community.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    division_code = models.CharField(
        _("administrative division code"),
        max_length=6,
        unique=True,
        help_text=_("Six digits, GB/T 2260, e.g. 320114."),
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["division_code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(division_code__regex=r"^[0-9]{6}$"),
                name="district_division_code_six_digits",
                violation_error_message=_("The division code is six digits."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class StreetKind(models.TextChoices):
    STREET = "street", _("Street")
    PARK = "park", _("Park")


class Street(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="streets", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(
        _("kind"), max_length=10, choices=StreetKind.choices, default=StreetKind.STREET
    )

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["district_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="street_unique_in_district",
                violation_error_message=_("This district already has a street of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="communities", verbose_name=_("street")
    )
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["street_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["street", "name"],
                name="community_unique_in_street",
                violation_error_message=_("This street already has a community of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name
