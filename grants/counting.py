"""Counts that stay cheap however large the tables grow.

A count is exact up to ``EXACT_UP_TO`` rows; past that the database's own estimate (the
planner's row count for the same query) is shown as "约 N". The exact part never reads
more than ``EXACT_UP_TO + 1`` rows a count, and all the counts of a page are taken in one
query, so a page asks the same number of queries whether it counts a thousand rows or a
million. On PostgreSQL that query also asks the planner for its estimate of each count
past the bound (``gongyi_estimated_rows``, grants migration 0012: planning only, nothing
read); elsewhere (SQLite, one person's machine) the counts are simply exact.
"""

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
    """``{name: Tally}`` for each queryset, in one query (see above)."""
    if not querysets:
        return {}
    connection = connections[next(iter(querysets.values())).db]
    estimates_known = connection.vendor == "postgresql"
    parts = [_rows_sql(qs) for qs in querysets.values()]
    # Each part is SQL that Django compiled, its values passed apart as parameters.
    bound = f" LIMIT {exact_up_to + 1}" if estimates_known else ""
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM ({part}) AS rows_{i}{bound}) AS n_{i}) AS count_{i}"  # noqa: S608
        for i, (part, _params) in enumerate(parts)
    )
    params = [param for _part, part_params in parts for param in part_params]
    if estimates_known:
        # The planner's estimate of the same rows, asked only of a count past the bound.
        estimates = ", ".join(
            f"CASE WHEN count_{index} > %s THEN gongyi_estimated_rows(%s) END"
            for index in range(len(parts))
        )
        # Materialized: PostgreSQL would otherwise inline the counts and run each twice.
        sql = (
            f"WITH counts AS MATERIALIZED (SELECT {counts}) "  # noqa: S608 - compiled SQL
            f"SELECT *, {estimates} FROM counts"
        )
        for part, part_params in parts:
            params += [exact_up_to, connection.ops.compose_sql(part, part_params)]
    else:
        sql = f"SELECT {counts}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    result = {}
    for index, name in enumerate(querysets):
        count = row[index]
        if count <= exact_up_to or not estimates_known:
            result[name] = Tally(count)
        else:
            # The estimate never reads below what was counted exactly.
            result[name] = Tally(max(row[len(parts) + index], count), estimated=True)
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


def _rows_sql(queryset: QuerySet) -> tuple[str, tuple]:
    try:
        return _rows_only(queryset).query.sql_with_params()
    except EmptyResultSet:
        return NO_ROWS
