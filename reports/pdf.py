"""PDF documents with WeasyPrint: A4, Chinese set in Noto CJK (WeasyPrint embeds the
subset it uses, so the file reads the same on any machine), page numbers 第 N 页 共 M 页.

WeasyPrint renders our own templates only, with a fetcher that refuses every URL: no
``http:``, no ``file:``, no redirects — user text that looks like HTML is escaped by the
template anyway, and anything that slips through fetches nothing.
"""

from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "pdf.css"


class RenderFailed(Exception):
    """The document could not be rendered; the view shows a clear error page."""


class NoFetching(URLFetcher):
    """Every resource request is refused: the documents need nothing from outside."""

    def fetch(self, url, headers=None):
        raise ValueError(f"PDF documents fetch nothing: {url[:80]}")


def render_pdf(template: str, context: dict) -> bytes:
    html = render_to_string(template, context)
    try:
        document = HTML(string=html, base_url=None, url_fetcher=NoFetching())
        return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
    except Exception as error:  # WeasyPrint raises many kinds; the user gets one message
        raise RenderFailed(str(error)) from error
