from grants.models.history import ProjectChange, ProjectVersion, TransitionLog
from grants.models.money import Payment, Tranche, TrancheStatus
from grants.models.programmes import (
    BudgetCap,
    BudgetCategory,
    Call,
    GuideCategory,
    GuideItem,
    Programme,
    ProgrammeKind,
    TrancheRule,
    TrancheTrigger,
)
from grants.models.projects import (
    PROPOSAL_ATTACHMENTS,
    REPORT_ATTACHMENTS,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Grade,
    Project,
    ProjectState,
)

__all__ = [
    "PROPOSAL_ATTACHMENTS",
    "REPORT_ATTACHMENTS",
    "Attachment",
    "AttachmentKind",
    "BudgetCap",
    "BudgetCategory",
    "BudgetLine",
    "Call",
    "Grade",
    "GuideCategory",
    "GuideItem",
    "Payment",
    "Programme",
    "ProgrammeKind",
    "Project",
    "ProjectChange",
    "ProjectState",
    "ProjectVersion",
    "Tranche",
    "TrancheRule",
    "TrancheStatus",
    "TrancheTrigger",
    "TransitionLog",
]
