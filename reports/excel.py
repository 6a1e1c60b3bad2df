"""Workbooks as finance staff expect them, written in openpyxl's write-only mode so memory
stays flat however many rows there are.

Every sheet: Chinese headers in bold, the header row frozen, an auto-filter over the data,
column widths set per column, money as numbers formatted ``#,##0.00``, dates as dates,
shares as percentages, and a totals row. Text from users is always written as text: a
value starting with ``=``, ``+``, ``-`` or ``@`` never becomes a formula.
"""

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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


def _cell(sheet, value, column: Column, *, font=None):
    cell = WriteOnlyCell(sheet)
    if value is None or value == "":
        cell.value = None
    elif column.kind == "money":
        cell.value = Decimal(value)
        cell.number_format = MONEY
    elif column.kind == "score":
        cell.value = Decimal(value)
        cell.number_format = "0.00"
    elif column.kind == "percent":
        cell.value = Decimal(value) / 100
        cell.number_format = PERCENT
    elif column.kind == "int":
        cell.value = int(value)
    elif column.kind == "date":
        if isinstance(value, datetime):
            value = timezone.localtime(value).date()
        cell.value = value if isinstance(value, date) else None
        cell.number_format = DATE
    else:
        cell.value = str(value)
        cell.data_type = "s"  # text stays text, even "=1+1" or "@SUM(A1)"
    if font is not None:
        cell.font = font
    return cell


def _header(sheet, text: str):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def write_workbook(sheets: list[Sheet], *, title: str, author: str):
    """The workbook in a temporary file, rewound and ready to stream."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    workbook.properties.creator = author
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        for index, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        sheet.append([_header(sheet, column.header) for column in spec.columns])
        totals = [Decimal("0")] * len(spec.columns)
        count = 0
        for row in spec.rows:
            count += 1
            sheet.append(
                [
                    _cell(sheet, value, column)
                    for value, column in zip(row, spec.columns, strict=True)
                ]
            )
            for index, (value, column) in enumerate(zip(row, spec.columns, strict=True)):
                if column.total and value not in (None, ""):
                    totals[index] += Decimal(value)
        last_column = get_column_letter(len(spec.columns))
        sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"
        if any(column.total for column in spec.columns):
            total_row = [
                _cell(sheet, totals[i] if column.total else None, column, font=TOTAL_FONT)
                for i, column in enumerate(spec.columns)
            ]
            total_row[0] = _cell(sheet, spec.totals_label, Column(""), font=TOTAL_FONT)
            sheet.append(total_row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output
