"""Counts that stay cheap however large the tables grow.

A count is exact up to ``EXACT_UP_TO`` rows; past that the database's own estimate (the
planner's row count for the same query) is shown as "约 N". The exact part never reads
more than ``EXACT_UP_TO + 1`` rows a count, and several counts are taken in one query, so
a page asks the same number of queries whether it counts a thousand rows or a million:
on PostgreSQL one ``EXPLAIN`` a count (planning only, nothing read) and one query for all
the bounded counts; elsewhere (SQLite, one person's machine) the counts are simply exact.
"""

import json
from collections.abc import Mapping

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import IntegerField, QuerySet, Subquery
from django.utils.translation import gettext as _

EXACT_UP_TO = 10_000


class Tally(int):
    """A count that says whether it is exact. It is an ``int`` (plural forms, comparisons
    and ``{% if %}`` work as before) that prints as "约 12,000" when it is an estimate."""

    estimated: bool
    at_least: bool

    def __new__(cls, value: int, *, estimated: bool = False, at_least: bool = False) -> "Tally":
        tally = super().__new__(cls, value)
        tally.estimated = estimated
        tally.at_least = at_least
        return tally

    @classmethod
    def bounded(cls, value: int, *, exact_up_to: int = EXACT_UP_TO) -> "Tally":
        """A count read with ``BoundedCount``: past the bound, only "more than" is known."""
        if value > exact_up_to:
            return cls(exact_up_to, at_least=True)
        return cls(value)

    def __str__(self) -> str:
        if self.estimated:
            return _("about %(count)s") % {"count": f"{int(self):,}"}
        if self.at_least:
            return f"{int(self):,}+"
        return str(int(self))

    __repr__ = __str__


def tallies(querysets: Mapping[str, QuerySet], *, exact_up_to: int = EXACT_UP_TO) -> dict:
    """``{name: Tally}`` for each queryset, in a fixed number of queries (see above)."""
    if not querysets:
        return {}
    first = next(iter(querysets.values()))
    connection = connections[first.db]
    estimates_known = connection.vendor == "postgresql"
    limit = exact_up_to + 1 if estimates_known else None
    bounded = {name: _bounded_sql(qs, limit) for name, qs in querysets.items()}
    # Each part is SQL that Django compiled, its values passed apart as parameters.
    counts_sql = [
        f"(SELECT COUNT(*) FROM ({part}) AS counted_{index})"  # noqa: S608 - compiled SQL
        for index, (part, _params) in enumerate(bounded.values())
    ]
    sql = "SELECT " + ", ".join(counts_sql)
    params = [param for _part, part_params in bounded.values() for param in part_params]
    estimates = {name: _estimate(qs) for name, qs in querysets.items()} if estimates_known else {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts = cursor.fetchone()
    result = {}
    for name, count in zip(querysets, counts, strict=True):
        if count <= exact_up_to or name not in estimates:
            result[name] = Tally(count)
        else:
            # The estimate never reads below what was counted exactly.
            result[name] = Tally(max(estimates[name], count), estimated=True)
    return result


class BoundedCount(Subquery):
    """A count per row of the outer query that reads at most ``exact_up_to + 1`` rows
    (the queryset may refer to the outer row with ``OuterRef``); read it with
    ``Tally.bounded``."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS bounded)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet, *, exact_up_to: int = EXACT_UP_TO) -> None:
        super().__init__(_rows_only(queryset)[: exact_up_to + 1])


def tally(queryset: QuerySet, *, exact_up_to: int = EXACT_UP_TO) -> Tally:
    return tallies({"count": queryset}, exact_up_to=exact_up_to)["count"]


def _rows_only(queryset: QuerySet) -> QuerySet:
    return queryset.order_by().values("pk")


# What a queryset that can match nothing compiles to (Django raises EmptyResultSet
# instead, e.g. for a negative year asked of a positive column).
NO_ROWS = ("SELECT 1 WHERE 1 = 0", ())


def _bounded_sql(queryset: QuerySet, limit: int | None) -> tuple[str, tuple]:
    try:
        return _rows_only(queryset)[:limit].query.sql_with_params()
    except EmptyResultSet:
        return NO_ROWS


def _estimate(queryset: QuerySet) -> int:
    """The planner's estimate of the rows the query returns (the top node's row count)."""
    try:
        plan = json.loads(_rows_only(queryset).explain(format="json"))
    except EmptyResultSet:
        return 0
    return round(plan[0]["Plan"]["Plan Rows"])
