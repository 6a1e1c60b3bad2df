"""Use cases of the expert pool: adding an expert with its account and role, declaring
an expert's ties with organisations."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Role, SocialOrganisation, User, UserRole
from experts import permissions
from experts.models import Expert, ExpertTie
from grants.refusals import Refused, invalid_problems, refuse_invalid


@transaction.atomic
def create_expert(
    *,
    by: User,
    username: str,
    name: str,
    affiliation: str,
    fields: list[str],
    title: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
    password: str = "",
) -> Expert:
    """An expert in the pool, with a user account holding the expert role.

    A new account gets ``password``, or none usable until the administrator sets one. An
    existing account is reused only if it already holds the expert role (its password is
    kept): giving a role to an account of another kind is an administrator's act, not the
    pool's. An account already in the pool is refused with a ``ValidationError`` on
    ``username``: the database's one-profile-per-account constraint says so, not a query
    beforehand.
    """
    if not permissions.can_manage_experts(by):
        raise PermissionDenied
    expert = Expert(
        name=name,
        affiliation=affiliation,
        title=title,
        fields=fields,
        phone=phone,
        email=email,
        is_active=is_active,
    )
    account = User(username=username, full_name=name, email=email, phone=phone)
    problems = invalid_problems(account, exclude=["password", "full_name"]) + invalid_problems(
        expert,
        exclude=["fields"],  # the form and the import check the codes
    )
    if problems:  # called by the import, without a form's bounds
        raise ValidationError(problems, code="invalid")
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": name, "email": email, "phone": phone}
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
        UserRole.objects.create(user=user, role=Role.EXPERT)
    elif not user.has_role(Role.EXPERT):
        raise ValidationError(
            {
                "username": _(
                    "This account already exists and is not an expert's; only the system "
                    "administrator gives an existing account another role."
                )
            },
            code="not_an_expert_account",
        )
    try:
        with transaction.atomic():  # a savepoint: the error is caught where it happened
            expert.user = user
            expert.save()
            return expert
    except IntegrityError as duplicate:  # Expert.user is one-to-one
        raise ValidationError(
            {"username": _("This account is already in the expert pool.")}, code="duplicate"
        ) from duplicate


@transaction.atomic
def declare_tie(
    *, expert: Expert, by: User, organisation: SocialOrganisation, kind: str, note: str = ""
) -> ExpertTie:
    """The expert declares a tie with an organisation: from now on it is never drawn for,
    assigned to or scores that organisation's projects. A tie declared twice is refused
    by the one-tie-per-organisation constraint. The seats the expert already holds on
    that organisation's projects are left by ``reviews.conflicts.declare_tie``, which
    wraps this in one transaction: call that one."""
    if not permissions.may_declare_ties(by, expert):
        raise PermissionDenied
    tie = ExpertTie(expert=expert, organisation=organisation, kind=kind, note=note)
    refuse_invalid(tie)
    try:
        with transaction.atomic():  # a savepoint: the error is caught where it happened
            tie.save()
            return tie
    except IntegrityError as duplicate:  # expert_tie_unique
        raise Refused([_("You have already declared this tie.")]) from duplicate
