"""Checks on uploaded files: an allowed type by extension *and* by content, and a size
limit. Office documents are also checked to be the zip or OLE container they claim."""

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
    if head != magic or (member and not _zip_has(upload, member)):
        raise ValidationError(
            _("%(name)s is not really a %(type)s file; its content does not match its name.")
            % {"name": upload.name, "type": extension.lstrip(".").upper()}
        )


def _zip_has(upload: UploadedFile, member: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def storage_token() -> str:
    return secrets.token_hex(16)
