"""Spotting a need reported twice: same community, a similar title, the same year.

A likely duplicate is not refused (two tickets about one broken lift are both real) and
not silently created either: the new need is saved with ``possible_duplicate_of`` set, and
the lists flag it so the district merges it.
"""

import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

from community.models import Need, NeedState

# Titles at least this alike (difflib's ratio of the normalised titles) are similar.
SIMILARITY = 0.6
# A shorter title contained in a longer one is similar from this many characters.
CONTAINED_FROM = 4


def normalised(title: str) -> str:
    """The title without spaces and punctuation, full-width folded, lower case."""
    folded = unicodedata.normalize("NFKC", title).lower()
    return "".join(
        character
        for character in folded
        if not unicodedata.category(character).startswith(("P", "Z", "S", "C"))
    )


def similar(first: str, second: str) -> bool:
    a, b = normalised(first), normalised(second)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= CONTAINED_FROM and shorter in longer:
        return True
    return SequenceMatcher(None, a, b).ratio() >= SIMILARITY


def duplicate_among(need: Need, candidates: Iterable[Need]) -> Need | None:
    """The first earlier need of ``candidates`` that ``need`` likely repeats."""
    for other in candidates:
        if other.pk == need.pk or other.community_id != need.community_id:
            continue
        if other.found_on.year == need.found_on.year and similar(other.title, need.title):
            return other
    return None


def candidates_for(communities: Iterable[int], years: Iterable[int]) -> list[Need]:
    """The needs a new need of these communities and years might repeat, oldest first
    (one query; a need already merged away is not a candidate)."""
    return list(
        Need.objects.filter(community__in=set(communities), found_on__year__in=set(years))
        .exclude(state=NeedState.MERGED)
        .only("pk", "community_id", "title", "found_on")
        .order_by("pk")
    )
