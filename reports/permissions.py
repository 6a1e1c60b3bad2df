"""Who may download which report. Every report view asks one of these (403) after
fetching through the user's scoped queryset (404), like the page the report comes from."""

from accounts import permissions as account_permissions
from accounts.models import User
from community import permissions as community_permissions
from grants import permissions as grant_permissions
from grants.models import Project
from reviews import permissions as review_permissions
from reviews.models import ScoreSheet


def may_export_review_summary(user: User) -> bool:
    """The 评审汇总 shows every expert's points: for those who manage the panels."""
    return review_permissions.can_manage_panels(user)


def may_export_disbursements(user: User) -> bool:
    return grant_permissions.sees_money(user)


def may_export_compliance(user: User) -> bool:
    """Those who follow the community rules of an area, as on the compliance page."""
    return community_permissions.follows_compliance(user)


def may_export_needs(user: User) -> bool:
    """The needs list's rows: whoever may open the list (each sees their own area's)."""
    return community_permissions.follows_needs(user)


def may_export_need_responses(user: User) -> bool:
    return community_permissions.follows_need_responses(user)


def may_send_department_feedback(user: User) -> bool:
    return community_permissions.sends_department_feedback(user)


def may_read_approval_notice(user: User, project: Project) -> bool:
    """A project's 立项通知书: its organisation and the district-wide roles."""
    return account_permissions.is_district_wide(user) or grant_permissions.is_member(project, user)


def may_export_call_notices(user: User) -> bool:
    """Every notice of a call at once is a district task."""
    return account_permissions.is_district_wide(user)


# --- delivery (issue 15) ---


def may_preview_delivery_report(user: User, project: Project) -> bool:
    """The generated report before it is submitted is the organisation's draft."""
    return grant_permissions.may_record_delivery(project, user)


def may_export_delivery_overview(user: User) -> bool:
    """Those who see the overview page."""
    return grant_permissions.may_follow_delivery(user)


# --- end of delivery ---


# --- documents (issue 13) ---


def may_read_agreement(user: User, project: Project) -> bool:
    """The 项目协议书 and the 结项证书: the organisation's and the district's, as the notice."""
    return may_read_approval_notice(user, project)


def may_edit_documents(user: User) -> bool:
    """The editable Word copies of notices and agreements: the bureau's officers, who
    adjust the wording before the seal."""
    return account_permissions.is_officer(user)


def may_read_payment_notice(user: User, project: Project) -> bool:
    """A 拨付通知: those who see money and the organisation paid."""
    return grant_permissions.sees_money(user) or grant_permissions.is_member(project, user)


def may_print_score_sheet(user: User, sheet: ScoreSheet) -> bool:
    """An expert's 评分表: the expert's own, and the officers who manage panels."""
    return review_permissions.can_manage_panels(user) or sheet.expert.user_id == user.pk


# --- end of documents ---
