"""Checks on uploaded files: an allowed type by extension *and* by content, and a size
limit. Office documents are also checked to be the zip or OLE container they claim and to
carry no macros (a VBA project, a macro-enabled content type); a PDF must be a PDF, not a
web page behind a PDF header."""

import re
import secrets
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"

# extension: (magic bytes it must start with, a member an OOXML package must contain)
ALLOWED = {
    ".pdf": (b"%PDF-", None),
    ".doc": (OLE2, None),
    ".xls": (OLE2, None),
    ".docx": (ZIP, "word/document.xml"),
    ".xlsx": (ZIP, "xl/workbook.xml"),
    ".jpg": (b"\xff\xd8\xff", None),
    ".jpeg": (b"\xff\xd8\xff", None),
    ".png": (b"\x89PNG\r\n\x1a\n", None),
}


# Signs of macros: the VBA project inside an OOXML package or an OLE document (whose
# directory names are UTF-16), and the content types Office gives macro-enabled files.
VBA_MEMBER = re.compile(r"(^|/)vba(project\.bin|data\.xml)$", re.IGNORECASE)
MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject")
OLE_MACRO_STREAMS = ("_VBA_PROJECT".encode("utf-16-le"), "Macros".encode("utf-16-le"))
# A web page wearing a PDF header: markup where a PDF has its first objects.
HTML_IN_PDF = re.compile(rb"<\s*(html|!doctype|script|body|head|iframe|svg)\b", re.IGNORECASE)
PDF_HEAD_BYTES = 4096


def max_upload_bytes() -> int:
    return settings.GRANTS_MAX_UPLOAD_BYTES


def check_upload(upload: UploadedFile) -> None:
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("Only PDF, Word, Excel, JPG and PNG files can be attached; %(name)s is not one.")
            % {"name": upload.name}
        )
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_upload_bytes()),
            }
        )
    magic, member = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    not_what_it_says = ValidationError(
        _("%(name)s is not really a %(type)s file; its content does not match its name.")
        % {"name": upload.name, "type": extension.lstrip(".").upper()}
    )
    if head != magic:
        raise not_what_it_says
    if member is not None:
        names, content_types = _zip_contents(upload)
        if member not in names:
            raise not_what_it_says
        if any(VBA_MEMBER.search(name) for name in names) or any(
            sign in content_types for sign in MACRO_CONTENT_TYPES
        ):
            raise _macros(upload)
    elif magic == OLE2 and _ole_has_macros(upload):
        raise _macros(upload)
    elif extension == ".pdf" and _pdf_is_markup(upload):
        raise not_what_it_says


def _macros(upload: UploadedFile) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s contains macros (a VBA project). Save it as a document without macros "
            "and attach it again."
        )
        % {"name": upload.name}
    )


def _zip_contents(upload: UploadedFile) -> tuple[list[str], bytes]:
    """The member names of an OOXML package and its [Content_Types].xml, lower-cased."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            types = b""
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as part:
                    types = part.read(1_000_000).lower()
            return names, types
    except zipfile.BadZipFile:
        return [], b""
    finally:
        upload.seek(0)


def _ole_has_macros(upload: UploadedFile) -> bool:
    try:
        content = b"".join(upload.chunks())
    finally:
        upload.seek(0)
    return any(stream in content for stream in OLE_MACRO_STREAMS)


def _pdf_is_markup(upload: UploadedFile) -> bool:
    try:
        head = upload.read(PDF_HEAD_BYTES)
    finally:
        upload.seek(0)
    return HTML_IN_PDF.search(head) is not None


def storage_token() -> str:
    return secrets.token_hex(16)
