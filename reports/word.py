"""Editable Word copies (python-docx) of the 立项通知书 and the 项目协议书: bureaus adjust
the wording before they seal. Each says what its PDF says — both are drawn from the same
``reports.documents`` content — on an A4 page with GB/T 9704's margins, the body in 仿宋
and headings in 黑体 (the fonts a bureau's Word has), page numbers in the footer."""

import io

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from grants.arithmetic import format_yuan
from reports.chinese_amounts import yuan_in_words

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
RED = RGBColor(0xD0, 0x00, 0x00)
LETTER_SIZE = Pt(16)  # 三号
LETTER_LINE = Pt(28.9)  # 22 lines in the 225 mm type area


def _set_font(run, name: str, size: Pt, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _new_document(title: str) -> Document:
    document = Document()
    document.core_properties.title = title
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = LETTER_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _page_numbers(section.footer.paragraphs[0])
    return document


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_numbers(paragraph: Paragraph) -> None:
    """第 N 页 共 M 页, centred, as the PDF numbers its pages."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" 页 共 ")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")


def _paragraph(
    document: Document,
    text: str,
    *,
    font: str = BODY_FONT,
    size: Pt = LETTER_SIZE,
    bold: bool = False,
    indent: bool = False,
    align=None,
    color: RGBColor | None = None,
) -> Paragraph:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    _set_font(run, font, size, bold=bold)
    if color is not None:
        run.font.color.rgb = color
    layout = paragraph.paragraph_format
    layout.line_spacing = LETTER_LINE if size == LETTER_SIZE else None
    layout.space_after = Pt(0)
    if indent:
        layout.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _red_rule(paragraph: Paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"val": "single", "sz": "12", "space": "4", "color": "D00000"}.items():
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _letterhead(document: Document, bureau: str, number: str) -> None:
    _paragraph(
        document, bureau, font=TITLE_FONT, size=Pt(26), bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER, color=RED,
    )  # fmt: skip
    line = _paragraph(document, number, size=LETTER_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _red_rule(line)
    _paragraph(document, "")


def _signoff(document: Document, issuer: str, date_text: str) -> None:
    _paragraph(document, "")
    _paragraph(document, "（印章）", align=WD_ALIGN_PARAGRAPH.RIGHT, color=RED)
    _paragraph(document, issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _saved(document: Document) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _chinese_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "    年  月  日"


def notice_docx(notice: dict, *, bureau: str) -> bytes:
    document = _new_document(notice["title"])
    _letterhead(document, bureau, notice["number"])
    _paragraph(
        document, notice["title"], font=HEADING_FONT, size=Pt(22),
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )  # fmt: skip
    _paragraph(document, "")
    _paragraph(document, notice["addressee"])
    for text in notice["paragraphs"]:
        _paragraph(document, text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _signoff(document, bureau, _chinese_date(notice["date"]))
    _paragraph(document, "")
    _paragraph(document, f"抄送：{notice['copy_to']}", size=Pt(14))
    return _saved(document)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    cant_split = OxmlElement("w:cantSplit")
    properties.append(cant_split)


def _table(document: Document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _set_font(cell.paragraphs[0].add_run(text), HEADING_FONT, Pt(12), bold=True)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run(text), BODY_FONT, Pt(12))
    return table


def agreement_docx(agreement: dict, *, bureau: str) -> bytes:
    project = agreement["project"]
    document = _new_document(f"项目协议书 {project.title}")
    number = agreement["number"] or "（签订时填写）"
    _paragraph(document, f"协议编号：{number}", size=Pt(12), align=WD_ALIGN_PARAGRAPH.RIGHT)
    for line in (project.call.title, "项目协议书"):
        _paragraph(document, line, font=HEADING_FONT, size=Pt(20), align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "")
    organisation = project.organisation
    parties = [
        ["甲方（资助方）", bureau],
        ["乙方（承接方）", organisation.name],
        ["乙方统一社会信用代码", organisation.credit_code],
        ["乙方法定代表人", organisation.legal_representative],
        ["项目名称", project.title],
        ["立项通知书文号", agreement["notice_number"]],
        ["资助金额", agreement["amount"]],
    ]
    _table(document, ["项目", "内容"], parties)
    _paragraph(
        document,
        f"根据{project.call.title}的评审结果和《立项通知书》（{agreement['notice_number']}），"
        f"甲乙双方本着平等自愿、诚实守信的原则，就乙方承接“{project.title}”项目达成如下协议：",
        size=Pt(12),
        indent=True,
    )
    for index, (heading, paragraphs) in enumerate(agreement["clauses"], start=1):
        _paragraph(document, heading, font=HEADING_FONT, size=Pt(12), bold=True)
        for text in paragraphs:
            _paragraph(document, text, size=Pt(12), indent=True)
        if index == 3:
            rows = [
                [
                    f"第{item.sequence}期",
                    item.condition,
                    f"{item.percent:.0f}%",
                    f"¥{format_yuan(item.amount)}",
                    f"人民币{yuan_in_words(item.amount)}",
                ]
                for item in agreement["schedule"]
            ]
            _table(document, ["期次", "拨付条件", "比例", "金额（元）", "金额大写"], rows)
    _paragraph(document, "（以下无正文）", size=Pt(12))
    _paragraph(document, "")
    signed = _chinese_date(agreement["signed_on"])
    signatures = document.add_table(rows=1, cols=2)
    for cell, lines in zip(
        signatures.rows[0].cells,
        [
            [f"甲方（盖章）：{bureau}", "负责人或授权代表（签字）：", f"日期：{signed}"],
            [
                f"乙方（盖章）：{organisation.name}",
                "法定代表人或授权代表（签字）：",
                f"日期：{signed}",
            ],
        ],
        strict=True,
    ):
        cell.text = ""
        for position, text in enumerate(lines):
            paragraph = cell.paragraphs[0] if position == 0 else cell.add_paragraph()
            _set_font(paragraph.add_run(text), BODY_FONT, Pt(12))
            paragraph.paragraph_format.space_after = Pt(12)
    return _saved(document)
