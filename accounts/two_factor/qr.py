"""QR codes drawn here as inline SVG (segno, pure Python): the secret never leaves the
server for a QR service, and the page needs no image request and no inline style."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, *, title: str) -> SafeString:
    """``text`` as an SVG QR code that scales with its box (a viewBox, no fixed size),
    black on white with the quiet zone readers need."""
    code = segno.make(text, error="m", micro=False)
    svg = code.svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        lineclass=None,
        title=title,
    )
    # segno writes every element and escapes the title itself.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
