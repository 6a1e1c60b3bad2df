"""Reading an uploaded Excel sheet safely, and writing the template people fill in (the
expert pool's import and the needs list's intake both use these).

An upload is refused before parsing unless it is a real xlsx package of reasonable size:
at most ``MAX_UPLOAD_BYTES`` as uploaded, a zip whose members unpack to at most 50 MB,
none compressed suspiciously well (a zip bomb), holding ``xl/workbook.xml``. openpyxl then
parses it with defusedxml installed, which refuses entity expansion (XML bombs).
"""

import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from io import BytesIO
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200  # a member shrunk more than 200× is a bomb, not a spreadsheet

Row = tuple[int, list[str]]  # (the row's number in the sheet, its cells as text)


def check_package(upload: IO[bytes]) -> None:
    """Refuse anything that is not a plausible xlsx, before openpyxl reads it."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; a workbook may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            members = package.infolist()
            names = {member.filename for member in members}
            unpacked = sum(member.file_size for member in members)
            ratio_ok = all(
                member.file_size <= max(member.compress_size, 1) * MAX_RATIO for member in members
            )
    except zipfile.BadZipFile as error:
        raise ValidationError(_("This is not an Excel workbook (.xlsx).")) from error
    finally:
        upload.seek(0)
    if "xl/workbook.xml" not in names:
        raise ValidationError(_("This is not an Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED_BYTES or not ratio_ok:
        raise ValidationError(_("This workbook unpacks to more than 50 MB and is refused."))


def text(cell: Any) -> str:
    """A cell as trimmed text: "" for an empty one, 12.0 read back as "12", a date (or a
    date and time) as 2026-03-31."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


@contextmanager
def sheet_rows(
    upload: IO[bytes], *, width: int, headers: Sequence[str] | None = None
) -> Iterator[Iterator[Row]]:
    """The first sheet's rows after the header row, each as ``width`` texts, blank rows
    left out. With ``headers``, the header row must name exactly those columns, in order.
    The package is checked first (``check_package``)."""
    check_package(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl and defusedxml raise many kinds
        raise ValidationError(
            _("The workbook cannot be read: %(error)s") % {"error": error}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        if headers is not None:
            found = next(sheet.iter_rows(max_row=1, values_only=True), ())
            found_texts = [text(cell) for cell in found][: len(headers)]
            if found_texts != list(headers):
                raise ValidationError(
                    _(
                        "Row 1 must name the columns of the template, in order: %(expected)s "
                        "(this sheet has: %(found)s). Download the template and copy your "
                        "rows into it."
                    )
                    % {
                        "expected": "、".join(headers),
                        "found": "、".join(t for t in found_texts if t) or _("nothing"),
                    }
                )
        yield _rows(sheet, width)
    finally:
        workbook.close()


def _rows(sheet: Any, width: int) -> Iterator[Row]:
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = [text(cell) for cell in (row or ())][:width]
        values += [""] * (width - len(values))
        if any(values):
            yield number, values


def template_workbook(
    *, title: str, headers: Sequence[str], example: Sequence[str], widths: Sequence[int]
) -> bytes:
    """A workbook with the header row (frozen) and one example row, to fill in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headers))
    sheet.append(list(example))
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
