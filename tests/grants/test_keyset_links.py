"""A list page's links keep the query's filters and sort, and set the page's own
parameters anew: the same address ``QueryDict`` would write, for any query."""

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from grants.counting import Tally
from grants.keyset import KeysetPage

TEXT = st.text(alphabet=st.sampled_from("ab状态&= +%/é"), max_size=4)
NAMES = st.one_of(TEXT, st.sampled_from(["page", "after", "before", "sort", "state"]))


def _as_querydict_writes(query: QueryDict, **params) -> str:
    kept = query.copy()
    for name in ("page", "after", "before"):
        kept.pop(name, None)
    for name, value in params.items():
        if value is not None:
            kept[name] = value
    return "?" + kept.urlencode()


@given(
    pairs=st.lists(st.tuples(NAMES, TEXT), max_size=6),
    page=st.one_of(st.none(), st.integers(1, 9), st.just("last")),
    after=st.one_of(st.none(), TEXT),
    before=st.one_of(st.none(), TEXT),
)
def test_a_link_is_what_querydict_writes(pairs, page, after, before):
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    shown = KeysetPage(
        object_list=[],
        count=Tally(0),
        number=1,
        per_page=25,
        has_previous=False,
        has_next=False,
        query=query,
    )
    params = {"page": page, "after": after, "before": before}
    assert shown._link(**params) == _as_querydict_writes(query, **params)
