"""Uploads are checked by content: Office files carrying macros and web pages dressed as
PDFs are refused with a message, plain documents pass."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from grants.uploads import OLE2, check_upload

PLAIN_TYPES = (
    '<?xml version="1.0"?><Types>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
MACRO_TYPES = PLAIN_TYPES.replace(
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "vnd.ms-word.document.macroEnabled.main+xml",
)


def _package(name: str, members: dict[str, str | bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def _docx(**extra: str | bytes) -> SimpleUploadedFile:
    members = {"[Content_Types].xml": PLAIN_TYPES, "word/document.xml": "<w:document/>"}
    return _package("方案.docx", {**members, **extra})


def test_a_plain_docx_and_pdf_pass():
    check_upload(_docx())
    check_upload(SimpleUploadedFile("x.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))


@pytest.mark.parametrize(
    "upload",
    [
        _docx(**{"word/vbaProject.bin": b"\x00VBA"}),
        _docx(**{"[Content_Types].xml": MACRO_TYPES}),
        _package(
            "预算.xlsx",
            {
                "[Content_Types].xml": "<Types/>",
                "xl/workbook.xml": "<workbook/>",
                "xl/vbaProject.bin": b"\x00",
            },
        ),
        SimpleUploadedFile(
            "旧版.doc", OLE2 + b"\x00" * 100 + "_VBA_PROJECT".encode("utf-16-le") + b"\x00" * 10
        ),
    ],
    ids=["docx-vba-project", "docx-macro-content-type", "xlsx-vba-project", "doc-vba-stream"],
)
def test_office_files_with_macros_are_refused(upload):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload)
    assert "VBA" in str(refused.value)


@pytest.mark.parametrize(
    "body",
    [
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>",
        b"%PDF-1.4\n<!DOCTYPE html><p>hi</p>",
        b"%PDF-1.4\n  < svg onload=alert(1)>",
    ],
)
def test_a_web_page_behind_a_pdf_header_is_refused(body):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("报告.pdf", body))
    assert "报告.pdf" in str(refused.value)


def test_a_plain_doc_passes():
    check_upload(SimpleUploadedFile("旧版.doc", OLE2 + b"\x00" * 200))
