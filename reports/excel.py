"""Workbooks as finance staff expect them, written in openpyxl's write-only mode so memory
stays flat however many rows there are.

Every sheet: Chinese headers in bold, the header row frozen, an auto-filter over the data,
column widths set per column, money as numbers formatted ``#,##0.00``, dates as dates,
shares as percentages, and a totals row. Text from users — in cells, headers, sheet
names and the workbook's properties alike — goes through one guard, ``text``: characters
XML cannot hold are dropped, and a value starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is stored as text with Excel's quote prefix, so it never becomes a
formula, not even when someone edits the cell later.
"""

import re
import tempfile
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
PERCENT = "0.00%"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8F1F8")
TOTAL_FONT = Font(bold=True)


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


def clean(value: object) -> str:
    """Text as a workbook can hold it: the control characters XML 1.0 cannot carry (a
    vertical tab pasted into a title, say) are dropped rather than failing the export."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def text(sheet, value: object) -> Cell | str:
    """The one formula guard: a plain string where it is harmless, else a cell stored as
    text with the quote prefix."""
    value = clean(value)
    if not value.startswith(FORMULA_STARTS):
        return value
    return _as_text(WriteOnlyCell(sheet, value=value))


def _as_text(cell: Cell) -> Cell:
    """Store the cell's string as text, quote-prefixed where Excel would read a formula."""
    cell.data_type = "s"
    cell.quotePrefix = cell.value.startswith(FORMULA_STARTS)
    return cell


def sheet_title(value: object) -> str:
    """A sheet name Excel accepts: none of []:*?/\\, at most 31 characters."""
    title = SHEET_TITLE_FORBIDDEN.sub(" ", clean(value)).strip().strip("'")
    return title[:31] or "Sheet"


def _value(value, kind: str):
    """The value to store for a column kind (numbers and dates as such, the rest text)."""
    if value is None or value == "":
        return None
    if kind in {"money", "score"}:
        return Decimal(value)
    if kind == "percent":
        return Decimal(value) / 100
    if kind == "int":
        return int(value)
    if kind == "date":
        if isinstance(value, datetime):
            return timezone.localtime(value).date()
        return value if isinstance(value, date) else None
    return clean(value)


class _RowWriter:
    """Turns rows of plain values into cells, styling only what needs it: formats are set
    once per column and copied, and only text that a spreadsheet would read as a formula
    gets a cell of its own marked as text."""

    def __init__(self, sheet, columns: list[Column]) -> None:
        self.sheet = sheet
        self.columns = columns
        self.styles = []
        for column in columns:
            number_format = FORMATS.get(column.kind)
            if number_format:
                template = WriteOnlyCell(sheet)
                template.number_format = number_format
                self.styles.append(template._style)
            else:
                self.styles.append(None)

    def cells(self, row: list, *, font=None) -> list:
        cells = []
        for value, column, style in zip(row, self.columns, self.styles, strict=True):
            value = _value(value, column.kind)
            if value is None and font is None:
                cells.append(None)
            elif style is not None or font is not None:
                cell = WriteOnlyCell(self.sheet, value=value)
                if style is not None:
                    cell._style = copy(style)
                if font is not None:
                    cell.font = font
                if isinstance(value, str):
                    _as_text(cell)
                cells.append(cell)
            elif isinstance(value, str):
                cells.append(text(self.sheet, value))  # "=1+1" stays text
            else:
                cells.append(value)
        return cells


def _header(sheet, label: str):
    cell = _as_text(WriteOnlyCell(sheet, value=clean(label)))
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def write_workbook(sheets: list[Sheet], *, title: str, author: str):
    """The workbook in a temporary file, rewound and ready to stream."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = clean(title)
    workbook.properties.creator = clean(author)
    for spec in sheets:
        sheet = workbook.create_sheet(sheet_title(spec.title))
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        sheet.append([_header(sheet, column.header) for column in spec.columns])
        writer = _RowWriter(sheet, spec.columns)
        summed = [i for i, column in enumerate(spec.columns) if column.total]
        totals = [Decimal("0")] * len(spec.columns)
        count = 0
        for row in spec.rows:
            count += 1
            sheet.append(writer.cells(row))
            for index in summed:
                if row[index] not in (None, ""):
                    totals[index] += Decimal(row[index])
        last_column = get_column_letter(len(spec.columns))
        sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"
        if summed:
            total_row = [
                totals[i] if column.total else None for i, column in enumerate(spec.columns)
            ]
            total_row[0] = spec.totals_label
            sheet.append(
                _RowWriter(sheet, [Column(""), *spec.columns[1:]]).cells(total_row, font=TOTAL_FONT)
            )
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output
