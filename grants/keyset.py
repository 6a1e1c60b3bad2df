"""Keyset pagination: a page starts after (or ends before) the row the link names, found
through the sort's index, so the last page of a million rows costs what the first does.

A sort is a tuple of keys ending with the primary key (the tie-breaker), all in one
direction, so one index on the same columns serves it read forwards or backwards. A key
over a column that may be empty sorts the empty values as a value beyond any stored one
(as PostgreSQL sorts NULL: last going up, first going down), and its index is on the same
expression. The links carry the boundary row's keys in an opaque ``after``/``before``
parameter; ``page=N`` is honoured by offset only near the start (``JUMP_PAGES``), where an
offset is cheap, and ``page=last`` reads the end backwards. The page number travels in
the links where it is known, to be shown.
"""

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, F, Func, Model, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.http import QueryDict

from grants.counting import Tally, tally

JUMP_PAGES = 5
PAGE_PARAMS = ("page", "after", "before")  # where a page is; the links set them anew


@dataclass(frozen=True)
class SortKey:
    """One column of a sort; ``empty_as`` stands for NULL (beyond any stored value)."""

    field: str
    empty_as: Any = None

    def expression(self) -> Combinable:
        if self.empty_as is None:
            return F(self.field)
        return Coalesce(F(self.field), Value(self.empty_as))

    def value_of(self, row: Model) -> Any:
        value = getattr(row, self.field)
        return self.empty_as if value is None else value


@dataclass(frozen=True)
class Sort:
    keys: tuple[SortKey, ...]  # the last one is unique (the primary key)
    descending: bool = False

    def order_by(self, *, reverse: bool = False) -> list:
        down = self.descending != reverse
        return [key.expression().desc() if down else key.expression().asc() for key in self.keys]

    def beyond(self, values: list, *, reverse: bool = False) -> "RowBeyond":
        """Rows after ``values`` in this sort (before them when ``reverse``)."""
        return RowBeyond(
            [key.expression() for key in self.keys],
            values,
            below=self.descending != reverse,
        )

    def values_of(self, row: Model) -> list:
        return [key.value_of(row) for key in self.keys]

    def encode(self, row: Model, model: type[Model]) -> str:
        values = [
            _field(model, key).value_to_string(_Holder(key.field, value))
            for key, value in zip(self.keys, self.values_of(row), strict=True)
        ]
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, cursor: str, model: type[Model]) -> list | None:
        """The keys a link carries, or None when it is not one of ours."""
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            texts = json.loads(raw)
            if not (isinstance(texts, list) and len(texts) == len(self.keys)):
                return None
            values = []
            for key, text in zip(self.keys, texts, strict=True):
                field = _field(model, key)
                value = field.to_python(text)
                if value is None or (isinstance(value, str) and "\x00" in value):
                    return None  # a value the column could not hold (PostgreSQL refuses NUL)
                if value != key.empty_as:
                    field.run_validators(value)  # within the column's range and digits
                values.append(value)
            return values
        except (ValueError, TypeError, ArithmeticError, binascii.Error, ValidationError):
            return None


class _Holder:
    """What ``Field.value_to_string`` reads a value from."""

    def __init__(self, name: str, value: Any) -> None:
        setattr(self, name, value)


def _field(model: type[Model], key: SortKey):
    return model._meta.get_field(key.field)


class RowBeyond(Func):
    """``(a, b, id) > (x, y, z)`` (``<`` when ``below``): a row comparison the database
    answers by seeking in the index on ``(a, b, id)``."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, columns: list, values: list, *, below: bool) -> None:
        super().__init__(*columns, *[Value(value) for value in values])
        self.width = len(columns)
        self.operator = "<" if below else ">"

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        left, right = ", ".join(parts[: self.width]), ", ".join(parts[self.width :])
        return f"({left}) {self.operator} ({right})", params


@dataclass
class KeysetPage:
    """One page of a list, with what its links need."""

    object_list: list
    count: Tally
    number: int | None
    per_page: int
    has_previous: bool
    has_next: bool
    query: QueryDict
    first_cursor: str = ""
    last_cursor: str = ""
    jump_pages: list[int] = field(default_factory=list)

    @property
    def count_is_estimate(self) -> bool:
        return self.count.estimated

    @property
    def num_pages(self) -> int | None:
        if self.count.estimated:
            return None
        return max(1, -(-int(self.count) // self.per_page))

    @property
    def is_last(self) -> bool:
        return not self.has_next

    @cached_property
    def _kept_params(self) -> list[tuple[str, str]]:
        """The query's parameters but the page's own, in their order (what each link
        keeps: the filters and the sort)."""
        return [
            (name, value)
            for name, values in self.query.lists()
            if name not in PAGE_PARAMS
            for value in values
        ]

    def _link(self, **params: Any) -> str:
        """The query with the page's own parameters ``params`` (those not None) after the
        others, encoded as ``QueryDict.urlencode`` does."""
        chosen = [(name, str(value)) for name, value in params.items() if value is not None]
        return "?" + urlencode(self._kept_params + chosen)

    @property
    def jump_links(self) -> list[tuple[int, str]]:
        """The first few pages by number, each with its link."""
        return [(number, self._link(page=number)) for number in self.jump_pages]

    @property
    def first_link(self) -> str:
        return self._link(page=1)

    @property
    def last_link(self) -> str:
        return self._link(page="last")

    @property
    def next_link(self) -> str:
        number = self.number + 1 if self.number else None
        return self._link(page=number, after=self.last_cursor)

    @property
    def previous_link(self) -> str:
        number = self.number - 1 if self.number else None
        if number == 1:
            return self.first_link
        return self._link(page=number, before=self.first_cursor)


def paginate(
    queryset: QuerySet,
    sort: Sort,
    query: QueryDict,
    *,
    per_page: int,
    rows_of: Callable[[QuerySet], QuerySet] | None = None,
) -> KeysetPage:
    """The page ``query`` asks for (``page``, ``after``, ``before``) of ``queryset`` in
    ``sort``: one query for the rows, plus the count's (``grants.counting``). The rows are
    read as ``rows_of`` shapes them (e.g. ``ProjectQuerySet.rows``); the count reads
    ``queryset`` as it is, without the joins the rows' columns need."""
    model = queryset.model
    count = tally(queryset)
    if rows_of is not None:
        queryset = rows_of(queryset)
    num_pages = None if count.estimated else max(1, -(-int(count) // per_page))
    after = sort.decode(query.get("after", ""), model) if query.get("after") else None
    before = sort.decode(query.get("before", ""), model) if query.get("before") else None
    asked = query.get("page", "")
    number = int(asked) if asked.isdigit() and int(asked) > 0 else None

    backwards = False
    if after is not None:
        rows = list(queryset.filter(sort.beyond(after)).order_by(*sort.order_by())[: per_page + 1])
        has_previous, has_next = True, len(rows) > per_page
    elif before is not None:
        backwards = True
        rows = list(
            queryset.filter(sort.beyond(before, reverse=True)).order_by(
                *sort.order_by(reverse=True)
            )[: per_page + 1]
        )
        has_previous, has_next = len(rows) > per_page, True
    elif asked == "last" or (number is not None and number > JUMP_PAGES):
        # The end, read backwards: also where a page number past the jump range lands.
        # With an exact count the last page holds what is left after the full pages, so
        # the pages read backwards from it are the same pages as those read forwards.
        backwards = True
        size = per_page if num_pages is None else int(count) - (num_pages - 1) * per_page
        rows = list(queryset.order_by(*sort.order_by(reverse=True))[: max(size, 0) + 1])
        has_previous, has_next = len(rows) > size, False
        rows = rows[:size]
        number = num_pages
    else:
        number = number or 1
        if num_pages is not None:
            number = min(number, num_pages)
        start = (number - 1) * per_page
        rows = list(queryset.order_by(*sort.order_by())[start : start + per_page + 1])
        has_previous, has_next = number > 1, len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        if number is None and not has_previous:
            number = 1
    if number is not None and num_pages is not None:
        number = min(number, num_pages)
    jump_limit = JUMP_PAGES if num_pages is None else min(JUMP_PAGES, num_pages)
    return KeysetPage(
        object_list=rows,
        count=count,
        number=number,
        per_page=per_page,
        has_previous=has_previous,
        has_next=has_next,
        query=query,
        first_cursor=sort.encode(rows[0], model) if rows else "",
        last_cursor=sort.encode(rows[-1], model) if rows else "",
        jump_pages=list(range(1, jump_limit + 1)),
    )
