"""The community app's models: the policy, fund plans and space registries of the two
rules (``records``), and the needs list with its guide-item drafts (``needs``)."""

from community.models.needs import (
    DECIDED_STATES,
    KEPT_STATES,
    REPORTED_STATES,
    Department,
    GuideItemDraft,
    Need,
    NeedChannel,
    NeedEvidence,
    NeedLog,
    NeedState,
)
from community.models.records import (
    DESIGNATED_USES,
    Allocation,
    AllocationUse,
    CommunityRecord,
    FundPlan,
    Policy,
    RecordLog,
    RecordState,
    Room,
    RoomUse,
    SpaceRegistry,
)

__all__ = [
    "DECIDED_STATES",
    "DESIGNATED_USES",
    "KEPT_STATES",
    "REPORTED_STATES",
    "Allocation",
    "AllocationUse",
    "CommunityRecord",
    "Department",
    "FundPlan",
    "GuideItemDraft",
    "Need",
    "NeedChannel",
    "NeedEvidence",
    "NeedLog",
    "NeedState",
    "Policy",
    "RecordLog",
    "RecordState",
    "Room",
    "RoomUse",
    "SpaceRegistry",
]
