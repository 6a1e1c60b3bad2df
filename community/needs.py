"""Use cases of the needs list 需求清单: record a need (by hand or from a sheet), keep it,
report it; the street forwards or returns it; the district merges, refers or declines it
(screening into a guide item is in ``community.screening``).

Each transition: one database transaction → lock the rows (in primary-key order, so two
batches cannot deadlock) → check each is still in the state the user saw → check
permission → check every guard and refuse with all problems → fire → save → log → notify
after commit. A batch (the street forwarding twenty needs at once) is all or nothing: one
refused need refuses the batch, with every reason, need by need.
"""

from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransition

from accounts.models import User
from community import duplicates, notifications, permissions
from community.models import (
    Department,
    Need,
    NeedEvidence,
    NeedLog,
    NeedState,
)
from community.records import Changed, Step, check_step
from grants.refusals import NotAvailable, Refused, refuse_invalid
from grants.uploads import storage_token

N = NeedState
# What a need says, checked when it is saved and again when it is reported.
CONTENT_FIELDS = [
    "community",
    "channel",
    "category",
    "title",
    "description",
    "people_affected",
    "affected_group",
    "source_reference",
    "found_on",
]


def _refuse_if(problems: list[str]) -> None:
    if problems:
        raise Refused(problems)


def content_problems(need: Need) -> list[str]:
    """Everything a need must say before it is saved, each in plain words."""
    problems = []
    if not need.community_id:
        problems.append(_("Choose the community where the need was found."))
    if not need.channel:
        problems.append(_("Say through which channel the need came in."))
    if not need.category:
        problems.append(_("Choose the category of the need."))
    if not need.title.strip():
        problems.append(_("Give the need a short title."))
    if not need.description.strip():
        problems.append(_("Describe the need: what residents lack, and what the record shows."))
    if need.people_affected is None or need.people_affected < 1:
        problems.append(_("Say how many people are affected (at least one)."))
    if not need.affected_group.strip():
        problems.append(_("Say who is affected, e.g. 独居老人."))
    return problems


def lock_needs(needs: Iterable[Need], *, seen_state: str | None = None) -> list[Need]:
    """Re-read the needs with their rows locked until the transaction ends, in the order
    given; refuse, naming each, those no longer in the state the user saw."""
    wanted = [need.pk for need in needs]
    if not wanted:
        raise Refused([_("Choose at least one need.")])
    locked = {
        need.pk: need
        for need in Need.objects.select_for_update(of=("self",))
        .select_related("community__street")
        .filter(pk__in=wanted)
        .order_by("pk")
    }
    ordered = [locked[pk] for pk in wanted if pk in locked]
    if seen_state is not None:
        changed = [need for need in ordered if need.state != seen_state]
        _refuse_if(_each(changed, lambda need: Changed(need).problems, named=len(ordered) > 1))
    return ordered


def _each(
    needs: Iterable[Need], problems_of: Callable[[Need], list[str]], *, named: bool
) -> list[str]:
    """Every problem of every need, each led by the need's title when there are several."""
    return [
        _("“%(title)s”: %(problem)s") % {"title": need.title, "problem": problem}
        if named
        else problem
        for need in needs
        for problem in problems_of(need)
    ]


def check_each(steps: Sequence[Step], by: User, guards: Callable[[Need], list[str]]) -> None:
    """Refuse the steps with every problem of every need, each led by the need's title
    when there are several (one need alone whose state does not offer the step is a
    ``NotAvailable``); a step the user's role may not take is a 403 at once."""
    if len(steps) == 1:
        check_step(steps[0], by)
        _refuse_if(guards(_need_of(steps[0])))
        return

    def problems_of(step: Step) -> list[str]:
        try:
            check_step(step, by)
        except NotAvailable as refused:
            return refused.problems
        return guards(_need_of(step))

    _refuse_if(
        [
            _("“%(title)s”: %(problem)s") % {"title": _need_of(step).title, "problem": problem}
            for step in steps
            for problem in problems_of(step)
        ]
    )


def _need_of(step: Step) -> Need:
    need: Need = step.__self__  # type: ignore[assignment]  # a need's step
    return need


def fire(step: Step, *, by: User, comment: str = "", **arguments: object) -> NeedLog:
    """Take a step on a need its caller locked, save it and write its log row."""
    need = _need_of(step)
    from_state = need.state
    step(**arguments)
    try:
        # A savepoint, so that after a refused save the transaction can still read the row.
        with transaction.atomic():
            need.save()
    except ConcurrentTransition as error:
        raise Changed(Need.objects.get(pk=need.pk)) from error
    return log(need, step.__name__, by=by, from_state=from_state, comment=comment)


def log(need: Need, action: str, *, by: User, from_state: str = "", comment: str = "") -> NeedLog:
    entry: NeedLog = NeedLog.objects.create(  # annotated: see [tool.mypy] in pyproject.toml
        need=need,
        action=action,
        from_state=from_state,
        to_state=need.state,
        actor=by,
        comment=comment,
    )
    return entry


# --- recording and keeping a need ---------------------------------------------------------


def flag_duplicate(need: Need, index: duplicates.DuplicateIndex | None = None) -> None:
    """Point ``need`` (new or changed) at the earlier need it likely repeats, if any."""
    if index is None:
        index = duplicates.index_for([need.community_id], [need.found_on.year])
    need.possible_duplicate_of = index.earlier_repeat(need)


@transaction.atomic
def create_need(
    *,
    need: Need,
    by: User,
    action: str = "create",
    comment: str = "",
    index: duplicates.DuplicateIndex | None = None,
) -> Need:
    """Record a need (unsaved, carrying what was typed) as a draft of its community.
    A likely duplicate is saved too, flagged for the district to merge."""
    if need.community_id is not None and not permissions.may_record_need_in(by, need.community):
        raise PermissionDenied
    _refuse_if(content_problems(need))
    refuse_invalid(need)
    flag_duplicate(need, index)
    need.created_by = by
    need.save()
    log(need, action, by=by, comment=comment)
    return need


@transaction.atomic
def update_need(*, need: Need, by: User, changed: Sequence[str] = ()) -> Need:
    """Save what the community changed in a need it still keeps (``need`` carries the new
    values, unsaved; ``changed`` names the fields)."""
    (locked,) = lock_needs([need])
    if not permissions.keeps_need(locked, by):
        raise PermissionDenied
    if not locked.is_kept:
        raise NotAvailable(locked)
    if need.community_id != locked.community_id and not permissions.may_record_need_in(
        by, need.community
    ):
        raise PermissionDenied
    _refuse_if(content_problems(need))
    refuse_invalid(need)
    for name in CONTENT_FIELDS:
        setattr(locked, name, getattr(need, name))
    flag_duplicate(locked)
    locked.save()
    log(locked, "edit", by=by, from_state=locked.state, comment="、".join(changed))
    return locked


@transaction.atomic
def attach_evidence(*, need: Need, upload: File, by: User) -> NeedEvidence:
    """Store an already checked upload (``grants.uploads.check_upload``) under a random
    name, while the community keeps the need."""
    (locked,) = lock_needs([need])
    if not permissions.keeps_need(locked, by):
        raise PermissionDenied
    if not locked.is_kept:
        raise NotAvailable(locked)
    name = upload.name or ""
    evidence = NeedEvidence(
        need=locked,
        original_name=PurePath(name).name[:200],
        extension=PurePath(name).suffix.lower(),
        storage_token=storage_token(),
        size=upload.size,
        uploaded_by=by,
    )
    refuse_invalid(evidence, exclude=["file"])
    evidence.file.save(name, upload, save=False)
    evidence.save()
    log(locked, "attach", by=by, from_state=locked.state, comment=evidence.original_name)
    return evidence


# --- the community reports, the street forwards or returns --------------------------------


@transaction.atomic
def report_needs(*, needs: Sequence[Need], by: User, seen_state: str | None = None) -> list[Need]:
    """Community staff report needs to the street (again, once returned and fixed)."""
    locked = lock_needs(needs, seen_state=seen_state)
    check_each([need.report for need in locked], by, content_problems)
    now = timezone.now()
    for need in locked:
        fire(need.report, by=by, reporter=by, at=now)
    street_ids = {need.community.street_id for need in locked}
    notifications.needs_reported(locked, street_ids)
    return locked


@transaction.atomic
def forward_needs(
    *, needs: Sequence[Need], by: User, comment: str = "", seen_state: str | None = None
) -> list[Need]:
    """The street forwards reported needs to the district."""
    locked = lock_needs(needs, seen_state=seen_state)
    check_each([need.forward for need in locked], by, lambda need: [])
    for need in locked:
        fire(need.forward, by=by, comment=comment.strip())
    notifications.needs_forwarded(locked)
    return locked


@transaction.atomic
def return_needs(
    *, needs: Sequence[Need], by: User, reason: str, seen_state: str | None = None
) -> list[Need]:
    """The street returns reported needs to their community, with the reason."""
    locked = lock_needs(needs, seen_state=seen_state)
    check_each([need.return_to_community for need in locked], by, lambda need: [])
    _refuse_if(reason_problems(reason))
    reason = reason.strip()
    for need in locked:
        fire(need.return_to_community, by=by, comment=reason, reason=reason)
    notifications.needs_returned(locked, reason)
    return locked


def reason_problems(reason: str) -> list[str]:
    return [] if reason.strip() else [_("Give the reason, so the community knows what to do.")]


# --- the district decides -----------------------------------------------------------------


def merge_problems(need: Need, into: Need | None) -> list[str]:
    if into is None:
        return [_("Choose the need this one repeats.")]
    if into.pk == need.pk:
        return [_("A need cannot be merged into itself.")]
    if into.state in {N.DRAFT, N.RETURNED}:
        return [
            _("“%(title)s” has not reached the street yet; merge into a reported need.")
            % {"title": into.title}
        ]
    if into.state == N.MERGED:
        return [
            _("“%(title)s” was itself merged into another need; merge into that one.")
            % {"title": into.title}
        ]
    return []


@transaction.atomic
def merge_need(
    *, need: Need, into: Need | None, by: User, comment: str = "", seen_state: str | None = None
) -> Need:
    """The district merges a forwarded need into the need it repeats, which carries on
    for both: what becomes of that one is what becomes of this one."""
    rows = [need] if into is None or into.pk == need.pk else sorted([need, into], key=_pk)
    locked = {row.pk: row for row in lock_needs(rows)}
    need = locked[need.pk]
    if seen_state is not None and need.state != seen_state:
        raise Changed(need)
    target = locked.get(into.pk) if into is not None else None
    check_step(need.merge, by)
    _refuse_if(merge_problems(need, target))
    assert target is not None  # noqa: S101 - merge_problems refuses a missing target
    fire(need.merge, by=by, comment=comment.strip() or f"→ {target.title}", into=target)
    notifications.need_decided(need)
    return need


def _pk(need: Need) -> int:
    return need.pk


def referral_problems(department: Department | None) -> list[str]:
    if department is None:
        return [_("Choose the department the need is referred to.")]
    if not department.is_active:
        return [_("%(name)s no longer takes referrals.") % {"name": department.name}]
    return []


@transaction.atomic
def refer_need(
    *,
    need: Need,
    department: Department | None,
    by: User,
    note: str = "",
    seen_state: str | None = None,
) -> Need:
    """The district refers a forwarded need to the government department whose own
    services answer it."""
    (need,) = lock_needs([need], seen_state=seen_state)
    check_step(need.refer, by)
    _refuse_if(referral_problems(department))
    assert department is not None  # noqa: S101 - referral_problems refuses a missing one
    note = note.strip()
    fire(
        need.refer,
        by=by,
        comment=f"{department.name} {note}".strip(),
        department=department,
        note=note,
    )
    notifications.need_decided(need)
    return need


@transaction.atomic
def decline_need(*, need: Need, by: User, reason: str, seen_state: str | None = None) -> Need:
    """The district declines a forwarded need, with the reason."""
    (need,) = lock_needs([need], seen_state=seen_state)
    check_step(need.decline, by)
    _refuse_if(reason_problems(reason))
    reason = reason.strip()
    fire(need.decline, by=by, comment=reason, reason=reason)
    notifications.need_decided(need)
    return need


# What each action on a need is called on buttons and in its timeline.
ACTION_LABELS = {
    "create": pgettext_lazy("need action", "Recorded"),
    "import": pgettext_lazy("need action", "Imported from a sheet"),
    "edit": pgettext_lazy("need action", "Edited"),
    "attach": pgettext_lazy("need action", "Evidence attached"),
    "report": pgettext_lazy("need action", "Report to the street"),
    "forward": pgettext_lazy("need action", "Forward to the district"),
    "return_to_community": pgettext_lazy("need action", "Return to the community"),
    "screen": pgettext_lazy("need action", "Screen into a guide item"),
    "merge": pgettext_lazy("need action", "Merge into another need"),
    "refer": pgettext_lazy("need action", "Refer to a department"),
    "decline": pgettext_lazy("need action", "Decline"),
    "place": pgettext_lazy("need action", "Guide item placed in a call"),
}
