"""Workbooks as finance staff expect them, written by XlsxWriter in its ``constant_memory``
mode: each row goes to disk as soon as it is written, so memory stays flat however many
rows there are.

Every sheet: Chinese headers in bold, the header row frozen, an auto-filter over the data,
column widths set per column, money as numbers formatted ``#,##0.00``, dates as dates,
shares as percentages, and a totals row. Text from users — in cells, headers, sheet
names and the workbook's properties alike — goes through one guard: characters XML
cannot hold are dropped, every string is written as a string (never read as a formula,
a number or a link), and a value starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return carries Excel's quote prefix, so it never becomes a formula, not even
when someone edits the cell later.

Why XlsxWriter (issue 17, measured by ``bench/ledger_export.py`` on 100,000 projects):
openpyxl's write-only mode, even with lxml, spends most of an export building a cell
object per value and took 2.2 times as long as XlsxWriter writing the same rows; XlsxWriter
is as well kept (one maintainer for a decade, the same project in C, Rust and Perl),
pure Python, and writes every format we promise. openpyxl still reads uploaded sheets
(``grants/sheets.py``).
"""

import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
PERCENT = "0.00%"
HEADER_FILL = "#E8F1F8"


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14
    kind: str = "text"  # text | money | date | int | percent | score
    total: bool = False


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[list]
    totals_label: str = field(default_factory=lambda: _("Totals"))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMATS = {"money": MONEY, "score": "0.00", "percent": PERCENT, "date": DATE}
# The characters XML 1.0 cannot carry (the same set openpyxl refuses).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def clean(value: object) -> str:
    """Text as a workbook can hold it: the control characters XML 1.0 cannot carry (a
    vertical tab pasted into a title, say) are dropped rather than failing the export."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def _as_cell_text(value: str) -> str:
    """A carriage return as the line break XML reads it as anyway (XlsxWriter would store
    it as ``_x000D_``, which only Excel turns back)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def sheet_title(value: object) -> str:
    """A sheet name Excel accepts: none of []:*?/\\, at most 31 characters."""
    title = SHEET_TITLE_FORBIDDEN.sub(" ", clean(value)).strip().strip("'")
    return title[:31] or "Sheet"


class _Formats:
    """The workbook's cell formats, each made once: per column kind, plain and bold (the
    totals row), and the quote-prefixed text ones."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self._made: dict[tuple, Any] = {}

    def get(self, *, number: str | None = None, bold: bool = False, quoted: bool = False):
        key = (number, bold, quoted)
        if key not in self._made:
            properties: dict[str, Any] = {}
            if number:
                properties["num_format"] = number
            if bold:
                properties["bold"] = True
            if quoted:
                properties["quote_prefix"] = True
            self._made[key] = self.workbook.add_format(properties) if properties else None
        return self._made[key]


def _writer_for(sheet, column: Column, formats: _Formats, *, bold: bool = False) -> Callable:
    """A function writing one value of ``column`` at (row, col): picked once per column,
    so the loop over the rows decides nothing it could decide before."""
    number = FORMATS.get(column.kind)
    plain = formats.get(number=number, bold=bold)
    quoted = formats.get(bold=bold, quoted=True)
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime, write_blank = sheet.write_datetime, sheet.write_blank

    def text(row: int, col: int, value: Any) -> None:
        value = clean(value)
        style = quoted if value.startswith(FORMULA_STARTS) else plain
        write_string(row, col, _as_cell_text(value), style)

    def amount(row: int, col: int, value: Any) -> None:
        write_number(row, col, Decimal(value), plain)

    def share(row: int, col: int, value: Any) -> None:
        write_number(row, col, Decimal(value) / 100, plain)

    def whole(row: int, col: int, value: Any) -> None:
        write_number(row, col, int(value), plain)

    def day(row: int, col: int, value: Any) -> None:
        if isinstance(value, datetime):
            value = timezone.localtime(value).date()
        if isinstance(value, date):
            write_datetime(row, col, value, plain)

    write = {"money": amount, "score": amount, "percent": share, "int": whole, "date": day}
    chosen = write.get(column.kind, text)
    if not bold:
        return chosen  # the rows leave an empty value unwritten

    def styled(row: int, col: int, value: Any) -> None:
        if value is None or value == "":
            if plain is not None:
                write_blank(row, col, None, plain)  # the totals row is bold all along
        else:
            chosen(row, col, value)

    return styled


def write_workbook(sheets: list[Sheet], *, title: str, author: str):
    """The workbook in a temporary file, rewound and ready to stream."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "tmpdir": tempfile.gettempdir(),
        },
    )
    workbook.set_properties({"title": clean(title), "author": clean(author)})
    formats = _Formats(workbook)
    header_plain = workbook.add_format(
        {"bold": True, "bg_color": HEADER_FILL, "valign": "vcenter", "text_wrap": True}
    )
    header_quoted = workbook.add_format(
        {
            "bold": True,
            "bg_color": HEADER_FILL,
            "valign": "vcenter",
            "text_wrap": True,
            "quote_prefix": True,
        }
    )
    for spec in sheets:
        sheet = workbook.add_worksheet(sheet_title(spec.title))
        for index, column in enumerate(spec.columns):
            sheet.set_column(index, index, column.width)
        sheet.freeze_panes(1, 0)
        for index, column in enumerate(spec.columns):
            label = clean(column.header)
            header = header_quoted if is_formula_like(label) else header_plain
            sheet.write_string(0, index, _as_cell_text(label), header)
        writers = list(enumerate(_writer_for(sheet, c, formats) for c in spec.columns))
        summed = [i for i, column in enumerate(spec.columns) if column.total]
        totals = [Decimal("0")] * len(spec.columns)
        count = 0
        for row in spec.rows:
            count += 1
            for index, write in writers:
                value = row[index]
                if value is not None and value != "":  # an empty value: no cell
                    write(count, index, value)
            for index in summed:
                if row[index] not in (None, ""):
                    totals[index] += Decimal(row[index])
        sheet.autofilter(0, 0, count, len(spec.columns) - 1)
        if summed:
            total_columns = [Column(""), *spec.columns[1:]]
            bold = [_writer_for(sheet, c, formats, bold=True) for c in total_columns]
            values = [totals[i] if c.total else None for i, c in enumerate(spec.columns)]
            values[0] = spec.totals_label
            for index, (write, value) in enumerate(zip(bold, values, strict=True)):
                write(count + 1, index, value)
    workbook.close()
    output.seek(0)
    return output
