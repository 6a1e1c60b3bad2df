"""Who may act on programmes, calls and projects.

The transition predicates take ``(project, user)`` so django-fsm can ask them through
``permission=`` and the project page can list exactly the transitions a user may fire.
Which projects a user may see is ``Project.objects.visible_to(user)``.
"""

from typing import TYPE_CHECKING

from accounts import permissions as account_permissions
from accounts.models import User

if TYPE_CHECKING:  # grants.models imports these predicates for its transitions
    from grants.models import Project


def may_manage_programmes(user: User) -> bool:
    return account_permissions.is_officer(user)


def is_member(project: "Project", user: User) -> bool:
    """An applicant who works for the project's organisation."""
    return (
        account_permissions.is_applicant(user) and project.organisation_id in user.organisation_ids
    )


def may_decide(project: "Project", user: User) -> bool:
    """Screening, decisions, agreements and assessments are the officer's."""
    return account_permissions.is_officer(user)


def may_record_payment(project: "Project", user: User) -> bool:
    return account_permissions.is_finance(user)


def may_edit_proposal(project: "Project", user: User) -> bool:
    return project.is_editable and is_member(project, user)


def may_upload_report(project: "Project", user: User) -> bool:
    return project.accepts_reports and is_member(project, user)


def may_create_proposal(user: User) -> bool:
    return account_permissions.is_applicant(user) and bool(user.organisation_ids)


def sees_money(user: User) -> bool:
    return account_permissions.is_district_wide(user)
