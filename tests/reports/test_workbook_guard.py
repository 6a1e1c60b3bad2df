"""The one formula guard of every workbook: user text in cells, headers, sheet names and
properties is stored as text (with Excel's quote prefix where it could become a formula)
and never fails the export, whatever characters it holds."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.excel import Column, Sheet, sheet_title, write_workbook

DANGEROUS = ["=1+1", "+86 139", "-5", "@SUM(A1)", "\tindent", "\rreturn", '=HYPERLINK("x")']


def _read(sheets, **kwargs):
    output = write_workbook(
        sheets, title=kwargs.get("title", "t"), author=kwargs.get("author", "a")
    )
    return load_workbook(output)


def test_dangerous_text_is_text_with_the_quote_prefix_in_every_kind_of_cell():
    sheet = Sheet(
        "台账",
        [Column("=CRITERION()"), Column("金额", kind="money", total=True)],
        [[text, "1.00"] for text in DANGEROUS],
    )

    cells = _read([sheet]).active

    header = cells["A1"]
    assert (header.value, header.data_type, header.quotePrefix) == ("=CRITERION()", "s", True)
    for row, text in enumerate(DANGEROUS, start=2):
        cell = cells.cell(row=row, column=1)
        assert cell.data_type == "s", text
        # openpyxl writes a lone CR escaped when lxml is installed (python-docx brings it),
        # else plain, and XML reads a plain CR as a newline: either is the same text.
        assert cell.value in {text, text.replace("\r", "\n")}
        assert cell.quotePrefix, text


def test_harmless_text_carries_no_prefix_and_numbers_stay_numbers():
    sheet = Sheet("台账", [Column("项目"), Column("金额", kind="money")], [["助老服务", "12.50"]])

    cells = _read([sheet]).active

    assert cells["A2"].quotePrefix is False
    assert cells["B2"].value == Decimal("12.50") or cells["B2"].value == 12.5
    assert cells["B2"].data_type == "n"


@pytest.mark.parametrize("control", ["\x0b", "\x00", "\x08", "\x1f", "\x0c"])
def test_control_characters_are_dropped_not_a_500(control):
    title = f"项目{control}名称"
    sheet = Sheet(f"表{control}", [Column(f"列{control}")], [[title], [f"={control}1"]])

    workbook = _read([sheet], title=title, author=f"刘{control}洋")

    cells = workbook.active
    assert cells["A1"].value == "列"
    assert cells["A2"].value == "项目名称"
    assert cells["A3"].value == "=1"
    assert cells["A3"].quotePrefix
    assert workbook.properties.title == "项目名称"


def test_sheet_names_from_user_text_are_made_acceptable():
    assert sheet_title("评审[立项]: A/B?*\\") == "评审 立项   A B"
    assert len(sheet_title("很长的批次名称" * 10)) == 31
    assert sheet_title("'''") == "Sheet"
    workbook = _read([Sheet("批次[1]/2026", [Column("a")], [["x"]])])
    assert workbook.sheetnames == ["批次 1  2026"]
