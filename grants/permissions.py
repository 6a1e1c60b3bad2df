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


# --- delivery (issue 15): who records, follows and supervises a running project ---------
# Each predicate is about the role only; whether the project's state allows the action is
# the use case's (``Project.accepts_reports``), so that a page can say which it is.


def may_record_delivery(project: "Project", user: User) -> bool:
    """Service records, spending, answers to follow-ups and the generated reports are the
    organisation's."""
    return is_member(project, user)


def may_unlock_entries(project: "Project", user: User) -> bool:
    """Opening a locked service record or spending for correction is the officer's."""
    return account_permissions.is_officer(user)


def may_visit(project: "Project", user: User) -> bool:
    """Site visits 实地督导: the district's officers and the staff of the project's street."""
    return account_permissions.is_officer(user) or (
        account_permissions.is_street_staff(user) and user.street_id == project.community.street_id
    )


def sees_delivery_details(project: "Project", user: User) -> bool:
    """Sign-in sheets, payees, vouchers and receipts name people: for the organisation and
    those who follow it (district, street, community), not for experts reading the
    project for a panel."""
    return (
        account_permissions.is_district_wide(user)
        or is_member(project, user)
        or (
            account_permissions.is_street_staff(user)
            and user.street_id == project.community.street_id
        )
        or account_permissions.is_staff_of_community(user, project.community_id)
    )


def may_follow_delivery(user: User) -> bool:
    """The overview of running projects (behind schedule, over budget, overdue follow-ups)
    and its export: officers for the district, street staff for their street."""
    return account_permissions.is_officer(user) or account_permissions.is_street_staff(user)


# --- end of delivery ---


# --- organisations that register themselves (issue 12) ---------------------------------


def may_check_organisations(user: User) -> bool:
    """Confirming a self-registered organisation against its registration record is the
    officer's."""
    return account_permissions.is_officer(user)
