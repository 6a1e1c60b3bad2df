"""A layout regression fails here: page 1 of each document, drawn from the fixed world
(``document_world``: the clock stopped, the same names and amounts, document numbers set),
is rendered to an image with PDFium and compared with the picture stored beside this file,
within a tolerance for anti-aliasing and font-version noise.

After an intended change of layout, look at the new pages and store them:

    GONGYI_WRITE_DOCUMENT_PICTURES=1 .venv/bin/pytest tests/reports/test_document_pictures.py

which rewrites the references here and the larger pictures the README shows (docs/documents/).
"""

import os
from pathlib import Path

import pypdfium2
import pytest
from django.conf import settings
from django.db import transaction
from django.utils.translation import override
from PIL import Image, ImageChops

from reports import documents
from reports.builders import pdf_context
from reports.pdf import render_pdf
from reviews.results import ranking
from tests.reports.document_world import build_world, stop_the_clock

REFERENCES = Path(__file__).resolve().parent / "pictures"
README_PICTURES = Path(settings.BASE_DIR) / "docs" / "documents"
WRITE = os.environ.get("GONGYI_WRITE_DOCUMENT_PICTURES") == "1"
# A pixel differs when its grey differs by more than this; a page may differ in at most
# this share of its pixels (a moved margin, a lost font or a reflowed table differ in far
# more; a rasteriser's anti-aliasing in far fewer).
GREY_STEP = 64
MAX_SHARE = 0.004
DOCUMENTS = [
    "approval_notice",
    "application",
    "review_summary",
    "score_sheet",
    "agreement",
    "payment_notice",
    "certificate",
]


def _documents(world) -> dict[str, tuple[str, dict]]:
    """Each document's template and context, its numbers fixed (they carry row ids)."""
    notice = documents.notice(world.project) | {"number": "雨民创〔2026〕007号"}
    agreement = documents.agreement(world.project) | {"notice_number": "雨民创〔2026〕007号"}
    ranked, available = ranking(world.call, "initial")
    return {
        "approval_notice": ("reports/pdf/approval_notice.html", {"notice": notice}),
        "application": (
            "reports/pdf/application.html",
            documents.application(world.version, documents.ContactView.FULL),
        ),
        "review_summary": (
            "reports/pdf/review_summary.html",
            {
                "call": world.call,
                "ranked": ranked,
                "available": available,
                "stage_label": "立项评审",
                "is_initial": True,
                "members": sorted(m.expert.name for m in ranked[0].result.members),
            },
        ),
        "score_sheet": ("reports/pdf/score_sheet.html", documents.score_sheet(world.sheet)),
        "agreement": ("reports/pdf/agreement.html", agreement),
        "payment_notice": (
            "reports/pdf/payment_notice.html",
            documents.payment_notice(world.payment) | {"number": "雨民创拨〔2026〕012号"},
        ),
        "certificate": (
            "reports/pdf/certificate.html",
            documents.certificate(world.project) | {"number": "雨民创结〔2026〕007号"},
        ),
    }


def _first_page(content: bytes, scale: float, mode: str = "L") -> Image.Image:
    pdf = pypdfium2.PdfDocument(content)
    try:
        return pdf[0].render(scale=scale).to_pil().convert(mode)
    finally:
        pdf.close()


def _differing_share(picture: Image.Image, reference: Image.Image) -> float:
    if picture.size != reference.size:
        return 1.0
    difference = ImageChops.difference(picture, reference)
    histogram = difference.histogram()
    return sum(histogram[GREY_STEP + 1 :]) / (picture.size[0] * picture.size[1])


_RENDERED: dict[str, bytes] = {}


@pytest.fixture
def pages(db, monkeypatch):
    """Every document, rendered once for the module (one world, one clock)."""
    if not _RENDERED:
        stop_the_clock(monkeypatch)
        with transaction.atomic():
            world = build_world()
            with override(settings.LANGUAGE_CODE):
                for name, (template, context) in _documents(world).items():
                    _RENDERED[name] = render_pdf(template, pdf_context(context))
            transaction.set_rollback(True)
    return _RENDERED


@pytest.mark.parametrize("name", DOCUMENTS)
def test_page_one_looks_as_stored(pages, name):
    picture = _first_page(pages[name], scale=1.0)
    reference_path = REFERENCES / f"{name}.png"
    if WRITE:
        REFERENCES.mkdir(exist_ok=True)
        picture.save(reference_path, optimize=True)
        README_PICTURES.mkdir(parents=True, exist_ok=True)
        large = _first_page(pages[name], scale=1.4, mode="RGB")
        large.save(README_PICTURES / f"{name}.png", optimize=True)
    assert reference_path.exists(), f"no stored picture of {name}: see this module's docstring"
    share = _differing_share(picture, Image.open(reference_path).convert("L"))
    assert share <= MAX_SHARE, f"{name}: {share:.2%} of page 1 differs from {reference_path}"


def test_the_comparison_sees_a_moved_margin(pages):
    """A page shifted by 3 mm (a changed margin) is far outside the tolerance."""
    picture = _first_page(pages["approval_notice"], scale=1.0)
    shifted = ImageChops.offset(picture, 8, 0)
    assert _differing_share(shifted, picture) > 10 * MAX_SHARE
