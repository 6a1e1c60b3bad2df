"""The district screens forwarded needs into a guide-item draft, and places drafts in a
call's guide list.

A draft says who exactly, what need, what service and what goal (对象要准、需求要清、
服务要实、目标要明), where (a street or a community), a category and a suggested budget. It
may answer several needs; a need answers at most one draft. Placing a draft in a call
makes it an item of the call's guide list (``grants.GuideItem``), which applicants then
choose for their proposals — or, when the call's list already has the item (typed in by
hand), links the draft to it.
"""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from community import permissions
from community.models import GuideItemDraft, Need, NeedState
from community.needs import check_each, fire, lock_needs, log
from grants.arithmetic import format_yuan
from grants.models import Call, GuideItem
from grants.refusals import Refused, refuse_invalid


def draft_problems(draft: GuideItemDraft) -> list[str]:
    """Everything a draft must say, each in plain words (all of them at once)."""
    problems = []
    if not draft.title.strip():
        problems.append(_("Give the guide item a title."))
    if not draft.category:
        problems.append(_("Choose the category of the guide item."))
    if draft.street_id is None and draft.community_id is None:
        problems.append(_("Choose the street or the community it serves."))
    for field, problem in [
        ("target_group", _("Say who exactly is served (对象要准).")),
        ("need_statement", _("Say what the need is (需求要清).")),
        ("service", _("Say what service answers it (服务要实).")),
        ("goal", _("Say what goal it reaches (目标要明).")),
    ]:
        if not getattr(draft, field).strip():
            problems.append(problem)
    if draft.suggested_budget is None or draft.suggested_budget <= 0:
        problems.append(_("Suggest a budget of more than zero."))
    return problems


@transaction.atomic
def screen_needs(
    *,
    needs: Sequence[Need],
    draft: GuideItemDraft,
    by: User,
    seen_state: str | None = NeedState.FORWARDED,
) -> GuideItemDraft:
    """Screen forwarded needs into ``draft``: a new one (unsaved, carrying what the officer
    typed) or one already made, which then answers these needs too."""
    if not permissions.decides_needs(by):
        raise PermissionDenied
    locked = lock_needs(needs, seen_state=seen_state)
    check_each([need.screen for need in locked], by, lambda need: [])
    if draft._state.adding:
        if draft.community is not None:
            draft.street_id = draft.community.street_id
        problems = draft_problems(draft)
        if problems:
            raise Refused(problems)
        refuse_invalid(draft)
        draft.created_by = by
        draft.save()
    for need in locked:
        fire(need.screen, by=by, comment=str(draft), draft=draft)
    return draft


def describe(draft: GuideItemDraft) -> str:
    """The guide item's description in the call's list: the four parts and the budget, in
    the site's language."""
    with override(settings.LANGUAGE_CODE):
        return "\n".join(
            [
                _("Who: %(text)s") % {"text": draft.target_group.strip()},
                _("Need: %(text)s") % {"text": draft.need_statement.strip()},
                _("Service: %(text)s") % {"text": draft.service.strip()},
                _("Goal: %(text)s") % {"text": draft.goal.strip()},
                _("Suggested budget: %(amount)s yuan")
                % {"amount": format_yuan(draft.suggested_budget)},
            ]
        )


def placement_problems(
    draft: GuideItemDraft, call: Call | None, existing: GuideItem | None
) -> list[str]:
    if draft.guide_item is not None:
        return [
            _("This draft is already in the guide list of %(call)s.")
            % {"call": draft.guide_item.call.title}
        ]
    if call is None:
        return [_("Choose the call whose guide list it joins.")]
    if existing is None:
        return []
    if existing.call_id != call.pk:
        return [_("“%(item)s” is not in the guide list of this call.") % {"item": existing.title}]
    if GuideItemDraft.objects.filter(guide_item=existing).exists():
        return [_("“%(item)s” already answers another draft.") % {"item": existing.title}]
    return []


@transaction.atomic
def place_draft(
    *,
    draft: GuideItemDraft,
    call: Call | None,
    by: User,
    existing: GuideItem | None = None,
) -> GuideItem:
    """Put a draft in a call's guide list: as a new item, or as the item ``existing`` the
    list already has. Each need it answers records where it went."""
    if not permissions.decides_needs(by):
        raise PermissionDenied
    draft = (
        GuideItemDraft.objects.select_for_update(of=("self",))
        .select_related("guide_item__call", "community__street", "street")
        .get(pk=draft.pk)
    )
    problems = placement_problems(draft, call, existing)
    if problems:
        raise Refused(problems)
    assert call is not None  # noqa: S101 - placement_problems refuses a missing call
    if existing is None:
        item: GuideItem = GuideItem.objects.create(  # annotated: see [tool.mypy] in pyproject
            call=call,
            category=draft.category,
            title=draft.title,
            street=draft.street,
            community=draft.community,
            description=describe(draft),
        )
    else:
        item = existing
    draft.guide_item = item
    draft.placed_by = by
    draft.placed_at = timezone.now()
    draft.save(update_fields=["guide_item", "placed_by", "placed_at"])
    for need in draft.needs.all():
        log(need, "place", by=by, from_state=need.state, comment=call.title)
    return item
