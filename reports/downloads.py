"""How a document leaves the server: its Content-Disposition after RFC 6266 (an ASCII
``filename`` for old clients and the Chinese name in ``filename*``), and a PDF rendered on
the kit in the bureau's language whatever the reader's interface language."""

import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import override

from reports.builders import pdf_context
from reports.pdf import RenderFailed, render_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ascii_fallback(name: str) -> str:
    """The name's ASCII letters, digits, dots and hyphens, for clients without
    ``filename*``: ``评审汇总-2026-立项评审.xlsx`` → ``document-2026.xlsx``."""
    stem, _dot, extension = name.rpartition(".")
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    kept = "".join(c if c.isalnum() or c in "-_." else "-" for c in folded)
    kept = "-".join(part for part in kept.split("-") if part)
    return f"document-{kept}.{extension}" if kept else f"document.{extension}"


def disposition(name: str, *, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name)}"


def file_response(content: bytes, name: str, content_type: str, *, inline=False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(name, inline=inline)
    return response


def pdf_response(request: HttpRequest, template: str, context: dict, name: str) -> HttpResponse:
    """The document inline (the browser shows it, the user prints or saves it), or the
    clear error page when it cannot be made."""
    with override(settings.LANGUAGE_CODE):
        try:
            content = render_pdf(template, pdf_context(context))
        except RenderFailed:
            return render(request, "reports/render_failed.html", status=500)
    return file_response(content, name, "application/pdf", inline=True)
