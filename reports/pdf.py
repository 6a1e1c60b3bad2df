"""PDF documents with WeasyPrint on one document kit (``static/reports/pdf.css``): A4 with
GB/T 9704-style margins, the body in a 仿宋-like serif and headings in a bold sans (Noto
CJK: WeasyPrint embeds the subset it uses, so the file reads the same on any machine),
the bureau's letterhead and 文号, a seal placeholder, signature and date blocks, tables
whose rows never split and whose header rows repeat, landscape pages where a table needs
them, and page numbers 第 N 页 共 M 页.

A batch of letters (``render_letters``) is one file in which each letter is laid out on
its own, so each is numbered "第 1 页 共 2 页" as if printed alone.

WeasyPrint renders our own templates only, with a fetcher that refuses every URL but
those of the files the document was handed (a report's photos, read from our storage
beforehand and named ``gongyi-file:…``): no ``http:``, no ``file:``, no ``data:``, no
redirects — user text that looks like HTML is escaped by the template anyway, and
anything that slips through fetches nothing.
"""

import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "pdf.css"


class RenderFailed(Exception):
    """The document could not be rendered; the view shows a clear error page."""


FILE_SCHEME = "gongyi-file:"


def file_url(name: str) -> str:
    """The URL by which a document's template shows a file it was handed."""
    return FILE_SCHEME + name


class NoFetching(URLFetcher):
    """Every resource request is refused but those of the files handed to the document
    (``files``: URL → content): the documents need nothing from outside."""

    def __init__(self, files: Mapping[str, bytes] | None = None) -> None:
        super().__init__()
        self.files = dict(files or {})

    def fetch(self, url, headers=None):
        content = self.files.get(url) if url.startswith(FILE_SCHEME) else None
        if content is None:
            raise ValueError(f"PDF documents fetch nothing: {url[:80]}")
        return URLFetcherResponse(url, content)


_parsed = threading.local()


def _kit() -> tuple[CSS, FontConfiguration]:
    """The kit's stylesheet, parsed once per thread (a server may render in several
    threads at once, and WeasyPrint's font configuration is not made to be shared) and
    again when the file changes (a developer editing it sees the change at once)."""
    changed = STYLESHEET.stat().st_mtime_ns
    if getattr(_parsed, "changed", None) != changed:
        fonts = FontConfiguration()
        _parsed.kit = (CSS(filename=str(STYLESHEET), font_config=fonts), fonts)
        _parsed.changed = changed
    return _parsed.kit


def _layout(html: str, files: Mapping[str, bytes] | None = None) -> Document:
    stylesheet, fonts = _kit()
    document = HTML(string=html, base_url=None, url_fetcher=NoFetching(files))
    return document.render(stylesheets=[stylesheet], font_config=fonts)


def render_pdf(template: str, context: dict, files: Mapping[str, bytes] | None = None) -> bytes:
    """One document, numbered as a whole; ``files`` are those it shows (``file_url``)."""
    html = render_to_string(template, context)
    try:
        return _layout(html, files).write_pdf()
    except Exception as error:  # WeasyPrint raises many kinds; the user gets one message
        raise RenderFailed(str(error)) from error


def render_letters(
    template: str,
    contexts: Iterable[dict],
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """Several letters in one file, each laid out and numbered on its own."""
    pages = []
    first: Document | None = None
    try:
        for count, context in enumerate(contexts, start=1):
            document = _layout(render_to_string(template, context))
            first = first or document
            pages.extend(document.pages)
            if progress is not None:
                progress(count)
        if first is None:
            raise RenderFailed("no letters to render")
        return first.copy(pages).write_pdf()
    except RenderFailed:
        raise
    except Exception as error:  # as above: one message for the user
        raise RenderFailed(str(error)) from error
