"""The community sections of the role panels on the home page: community staff see their
plan and registry of the year, street staff how many of their communities break a rule."""

from django.utils import timezone

from accounts import permissions as account_permissions
from accounts.models import Role, User
from community.compliance import compliance_for
from community.models import FundPlan, SpaceRegistry
from community.plans import plan_verdict
from community.spaces import registry_verdict
from grants.refusals import Refused


def community_records(user: User) -> dict:
    year = timezone.localdate().year
    plan = FundPlan.objects.filter(community=user.community_id, year=year).first()
    registry = SpaceRegistry.objects.filter(community=user.community_id, year=year).first()
    try:
        return {
            "year": year,
            "plan": plan,
            "plan_verdict": plan_verdict(plan) if plan else None,
            "registry": registry,
            "registry_verdict": registry_verdict(registry) if registry else None,
        }
    except Refused as refused:
        return {"year": year, "problem": refused.problems[0]}


def street_compliance(user: User) -> dict:
    year = timezone.localdate().year
    try:
        rows = compliance_for(
            account_permissions.visible_communities(user).filter(street=user.street_id), year
        )
    except Refused:
        rows = []
    return {"year": year, "total": len(rows), "failing": sum(1 for r in rows if not r.passes)}


SECTIONS = [
    (Role.COMMUNITY_STAFF, "community/home/records.html", community_records),
    (Role.STREET_STAFF, "community/home/street_compliance.html", street_compliance),
]
