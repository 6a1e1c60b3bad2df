"""The documents of delivery: the generated mid-term and final reports (PDF, drawn for
``grants.delivery_reports``, which files them) and the officers' overview as a workbook.

The report's figures are the ``figures`` its content carries (for a submitted report: as
frozen on submission); the records and visits are listed as they were when it was made.
"""

import logging
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from grants.delivery_reports import ReportContent
from grants.progress import ProjectProgress
from grants.refusals import Refused
from reports.builders import pdf_context
from reports.excel import Column, Sheet
from reports.pdf import RenderFailed, file_url, render_pdf

logger = logging.getLogger(__name__)


class ShownPhoto(NamedTuple):
    url: str
    caption: str


def render_delivery_report(content: ReportContent) -> bytes:
    """The report as a PDF (A4, Chinese, page numbers), in the bureau's language, with
    the photos of its service records."""
    with override(settings.LANGUAGE_CODE):
        photos, files = _photos(content)  # captioned in the report's language
        try:
            return render_pdf(
                "reports/pdf/delivery_report.html",
                pdf_context({"content": content, "photos": photos}),
                files,
            )
        except RenderFailed as error:
            raise Refused(
                [_("The report could not be made into a PDF; please try again later.")]
            ) from error


def _photos(content: ReportContent) -> tuple[list[ShownPhoto], dict[str, bytes]]:
    """The records' photos as the report prints them (their thumbnails, which were made
    by us from a checked image, without metadata), in the records' order; a photo whose
    file cannot be read is left out, and said so in the log."""
    shown, files = [], {}
    for record in content.records:
        for photo in record.photos.all():
            try:
                with photo.thumbnail.open("rb") as stored:
                    thumbnail = stored.read()
            except OSError:
                logger.warning("photo %s of record %s cannot be read", photo.pk, record.pk)
                continue
            url = file_url(f"photo/{photo.pk}")
            files[url] = thumbnail
            caption = f"{record.occurred_on:%Y-%m-%d} {record.get_kind_display()} · {record.place}"
            shown.append(ShownPhoto(url, caption))
    return shown, files


def _yes(flag: bool) -> str:
    return str(_("yes")) if flag else ""


def overview_sheets(rows: list[ProjectProgress]) -> list[Sheet]:
    """The overview as the page shows it: one row per project, and every flagged line."""
    projects = Sheet(
        _("Delivery overview"),
        [
            Column(_("Project"), 32),
            Column(_("Organisation"), 30),
            Column(_("Street"), 14),
            Column(_("Programme"), 16),
            Column(_("Service period from"), 12, "date"),
            Column(_("Service period to"), 12, "date"),
            Column(_("Period gone"), 10, "percent"),
            Column(_("Achieved"), 10, "percent"),
            Column(_("Behind schedule"), 10),
            Column(_("Budget"), 16, "money", total=True),
            Column(_("Spent"), 16, "money", total=True),
            Column(_("Received"), 16, "money", total=True),
            Column(_("Spent above received"), 10),
            Column(_("Lines over budget"), 10, "int", total=True),
            Column(_("Open follow-ups"), 10, "int", total=True),
            Column(_("Overdue follow-ups"), 10, "int", total=True),
        ],
        [
            [
                row.project.title,
                row.project.organisation.name,
                row.project.community.street.name,
                row.project.call.programme.name,
                row.project.period_start,
                row.project.period_end,
                row.elapsed_shown,
                row.achieved_shown,
                _yes(row.is_behind),
                row.budget_total,
                row.spent_total,
                row.received,
                _yes(row.above_received),
                len(row.flagged_lines),
                row.open_follow_ups,
                row.overdue_follow_ups,
            ]
            for row in rows
        ],
    )
    lines = Sheet(
        _("Lines over budget"),
        [
            Column(_("Project"), 32),
            Column(_("Budget line"), 14),
            Column(_("Note"), 20),
            Column(_("Budget"), 16, "money", total=True),
            Column(_("Spent"), 16, "money", total=True),
            Column(_("Share"), 10, "percent"),
            Column(_("Tolerance"), 10, "percent"),
        ],
        [
            [
                row.project.title,
                line.label,
                line.note,
                line.budget,
                line.spent,
                line.share,
                line.tolerance,
            ]
            for row in rows
            for line in row.flagged_lines
        ],
    )
    return [projects, lines]
