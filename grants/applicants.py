"""Organisations that register themselves to apply, and the bureau's check of them.

A social organisation registers with its first user (who becomes its applicant) and may
write applications at once; submitting waits until an officer has checked it against its
registration record (``grants.eligibility`` lists "机构信息已经区民政局核实" among the
checks submit requires). The officer confirms or rejects, which records who and when on
the organisation; django-auditlog keeps the change with its actor.
"""

from dataclasses import dataclass

from auditlog.context import set_actor
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    OrganisationMembership,
    Role,
    SocialOrganisation,
    User,
    UserRole,
    Verification,
)
from grants import guards, notifications, permissions
from grants.refusals import Refused, invalid_problems, refuse_invalid, refuse_invalid_values


@transaction.atomic
def register_organisation(
    *, organisation: SocialOrganisation, user: User, password: str
) -> SocialOrganisation:
    """Save a new organisation (awaiting the bureau's check) and its first user, an
    applicant of it. Nobody is logged in yet: ``user`` is the person registering."""
    organisation.verification = Verification.PENDING
    organisation.verified_at = None
    organisation.verified_by = None
    organisation.verification_note = ""
    problems = invalid_problems(organisation, exclude=["verified_by"])
    problems += invalid_problems(user, exclude=["password", "last_login", "date_joined"])
    try:
        validate_password(password, user)
    except ValidationError as weak:
        problems += weak.messages
    if problems:  # before any lookup: a value the columns would refuse never reaches a query
        raise Refused(problems)
    if SocialOrganisation.objects.filter(credit_code=organisation.credit_code).exists():
        problems.append(
            _(
                "An organisation with this credit code is already registered; ask its "
                "colleagues to add you, or call the bureau."
            )
        )
    elif SocialOrganisation.objects.filter(name=organisation.name).exists():
        problems.append(_("An organisation of this name is already registered; check the name."))
    if User.objects.filter(username__iexact=user.username).exists():
        problems.append(_("This username is taken; choose another."))
    if problems:
        raise Refused(problems)
    organisation.save()
    user.set_password(password)
    user.is_active = True
    user.save()
    UserRole.objects.create(user=user, role=Role.APPLICANT)
    OrganisationMembership.objects.create(user=user, organisation=organisation)
    notifications.organisation_registered(organisation)
    return organisation


@dataclass(frozen=True)
class RegisterRecord:
    """What the register of social organisations says beyond the registration: the
    officer enters it on confirming (a self-registered organisation has none yet)."""

    inspection_year: int | None
    inspection_result: str
    rating: str


@transaction.atomic
def confirm_organisation(
    *, organisation: SocialOrganisation, by: User, record: RegisterRecord | None = None
) -> SocialOrganisation:
    """The officer has checked the organisation against its registration record (and, if
    given, entered its last annual inspection and evaluation grade from the register)."""
    if not permissions.may_check_organisations(by):
        raise PermissionDenied
    locked = SocialOrganisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.is_confirmed:
        raise Refused([_already_confirmed(locked)])
    fields = ["verification", "verified_at", "verified_by", "verification_note", "updated_at"]
    if record is not None:
        locked.inspection_year = record.inspection_year
        locked.inspection_result = record.inspection_result
        locked.rating = record.rating
        fields += ["inspection_year", "inspection_result", "rating"]
        refuse_invalid(locked)
    locked.verification = Verification.CONFIRMED
    locked.verified_at = timezone.now()
    locked.verified_by = by
    locked.verification_note = ""
    with set_actor(by):
        locked.save(update_fields=fields)
    notifications.organisation_checked(locked)
    return locked


@transaction.atomic
def reject_organisation(
    *, organisation: SocialOrganisation, by: User, reason: str
) -> SocialOrganisation:
    """The registration does not match the record (or cannot be found): the organisation
    stays unable to submit, and its people read the reason."""
    if not permissions.may_check_organisations(by):
        raise PermissionDenied
    problems = guards.reason_problems(reason)
    if problems:
        raise Refused(problems)
    refuse_invalid_values(SocialOrganisation, verification_note=reason)
    locked = SocialOrganisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.is_confirmed:
        raise Refused([_already_confirmed(locked)])
    locked.verification = Verification.REJECTED
    locked.verified_at = timezone.now()
    locked.verified_by = by
    locked.verification_note = reason.strip()
    with set_actor(by):
        locked.save(
            update_fields=[
                "verification",
                "verified_at",
                "verified_by",
                "verification_note",
                "updated_at",
            ]
        )
    notifications.organisation_checked(locked)
    return locked


def _already_confirmed(organisation: SocialOrganisation) -> str:
    return _("%(organisation)s was already confirmed by %(officer)s on %(date)s.") % {
        "organisation": organisation.name,
        "officer": organisation.verified_by or "—",
        "date": timezone.localtime(organisation.verified_at).date().isoformat()
        if organisation.verified_at
        else "—",
    }
