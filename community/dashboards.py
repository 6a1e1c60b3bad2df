"""The community sections of the role panels on the home page: community staff see their
plan and registry of the year and the needs they keep, street staff the needs awaiting
their review and how many of their communities break a rule, officers the needs awaiting
screening and the drafts not yet in a call."""

from django.db.models import Count
from django.utils import timezone

from accounts import permissions as account_permissions
from accounts.generations import Generation, scope_of
from accounts.models import Role, User
from community.compliance import compliance_for
from community.models import FundPlan, GuideItemDraft, Need, NeedState, SpaceRegistry
from community.plans import plan_verdict
from community.spaces import registry_verdict
from grants.counting import tallies
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


SHOWN = 8


def community_needs(user: User) -> dict:
    """The needs the community keeps: drafts to report, returned ones to fix."""
    kept = Need.objects.filter(community=user.community_id)
    counts = _counts(kept.filter(state__in=[NeedState.DRAFT, NeedState.RETURNED]))
    return {
        "drafts": counts.get(NeedState.DRAFT, 0),
        "returned": list(kept.filter(state=NeedState.RETURNED).order_by("-updated_at")[:SHOWN]),
        "returned_count": counts.get(NeedState.RETURNED, 0),
        "reported_count": kept.filter(state=NeedState.REPORTED).count(),
    }


def street_needs(user: User) -> dict:
    """The needs of the street's communities that wait for the street's review."""
    waiting = Need.objects.visible_to(user).filter(
        community__street=user.street_id, state=NeedState.REPORTED
    )
    return {
        "waiting": list(waiting.select_related("community").order_by("reported_at")[:SHOWN]),
        "waiting_count": waiting.count(),
    }


# The needs and drafts counted for the officers, kept until one changes
# (``CommunityConfig.ready``).
NEEDS_TO_SCREEN = Generation("needs-to-screen")
NEEDS_TO_SCREEN_READ = (Need, GuideItemDraft)


def officer_needs(user: User) -> dict:
    """Forwarded needs to screen, and screened drafts not yet placed in a call."""
    counts = NEEDS_TO_SCREEN.remembered(
        scope_of(user),
        lambda: tallies(
            {
                "waiting": Need.objects.visible_to(user).filter(state=NeedState.FORWARDED),
                "unplaced": GuideItemDraft.objects.filter(guide_item__isnull=True),
            }
        ),
    )
    return {
        "waiting_count": counts["waiting"],
        "unplaced_count": counts["unplaced"],
        "year": timezone.localdate().year,
    }


def _counts(needs) -> dict[str, int]:
    return {
        row["state"]: row["n"] for row in needs.order_by().values("state").annotate(n=Count("pk"))
    }


SECTIONS = [
    (Role.COMMUNITY_STAFF, "community/home/needs.html", community_needs),
    (Role.COMMUNITY_STAFF, "community/home/records.html", community_records),
    (Role.STREET_STAFF, "community/home/street_needs.html", street_needs),
    (Role.STREET_STAFF, "community/home/street_compliance.html", street_compliance),
    (Role.OFFICER, "community/home/officer_needs.html", officer_needs),
    (Role.ADMIN, "community/home/officer_needs.html", officer_needs),
]
