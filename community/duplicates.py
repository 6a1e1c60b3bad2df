"""Spotting a need reported twice: same community, a similar title, the same year.

A likely duplicate is not refused (two tickets about one broken lift are both real) and
not silently created either: the new need is saved with ``possible_duplicate_of`` set, and
the lists flag it so the district merges it.
"""

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    return similar_normalised(normalised(first), normalised(second))


def similar_normalised(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return a == b or _contained(a, b) or SequenceMatcher(None, a, b).ratio() >= SIMILARITY


@dataclass
class _Group:
    """The earlier needs of one community and year, with an index of their characters."""

    entries: list[tuple[int, str, Need]] = field(default_factory=list)
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, pk: int, title: str, need: Need) -> None:
        position = len(self.entries)
        self.entries.append((pk, title, need))
        for character, count in Counter(title).items():
            self.postings[character].append((position, count))

    def shared(self, title: str) -> Counter:
        """For each entry, how many characters it shares with ``title`` (as multisets)."""
        shared: Counter = Counter()
        for character, count in Counter(title).items():
            for position, other_count in self.postings.get(character, ()):
                shared[position] += min(count, other_count)
        return shared


class DuplicateIndex:
    """Earlier needs by community and year, their titles normalised once, to find the one
    a new need likely repeats. Two titles can only be similar if they share enough
    characters (difflib's ratio is at most the share of characters in common), so an index
    of characters rules most titles out at once: a sheet of 2,000 rows is checked in a
    moment rather than in quadratic time."""

    def __init__(self, needs: Iterable[Need] = ()) -> None:
        self._groups: dict[tuple[int, int], _Group] = defaultdict(_Group)
        for need in needs:
            self.add(need)

    def add(self, need: Need) -> None:
        title = normalised(need.title)
        if title:
            self._groups[(need.community_id, need.found_on.year)].add(need.pk or 0, title, need)

    def earlier_repeat(self, need: Need) -> Need | None:
        """The first earlier need (by primary key; any, for a need not yet saved) of the
        same community and year whose title is similar to ``need``'s."""
        title = normalised(need.title)
        group = self._groups.get((need.community_id, need.found_on.year))
        if not title or group is None:
            return None
        shared = group.shared(title)
        for position in sorted(shared):
            pk, other, candidate = group.entries[position]
            if candidate is need or (need.pk is not None and pk >= need.pk):
                continue
            contained = min(len(other), len(title))
            needed = min(SIMILARITY * (len(other) + len(title)) / 2, contained)
            if shared[position] < needed:
                continue
            if similar_normalised(other, title):
                repeated: Need = candidate
                return repeated
        return None


def _contained(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= CONTAINED_FROM and shorter in longer


def index_for(communities: Iterable[int], years: Iterable[int]) -> DuplicateIndex:
    """The needs a new need of these communities and years might repeat, oldest first
    (one query; a need already merged away is not a candidate)."""
    return DuplicateIndex(
        Need.objects.filter(community__in=set(communities), found_on__year__in=set(years))
        .exclude(state=NeedState.MERGED)
        .only("pk", "community_id", "title", "found_on")
        .order_by("pk")
    )
