"""Photos of service records, checked by their content (Pillow must read them as a JPEG,
PNG or WebP image) and size, then stored re-encoded: turned upright, at most
``STORED_EDGE`` pixels on the long side, without any metadata — the EXIF location of the
phone that took it is gone — and with a small JPEG thumbnail for the timeline."""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's format name: the extension a stored photo gets.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
STORED_EDGE = 2560
THUMBNAIL_EDGE = 480
# An image larger than this is refused before it is decoded (a "decompression bomb").
MAX_PIXELS = 60_000_000


def max_photo_bytes() -> int:
    return settings.GRANTS_MAX_PHOTO_BYTES


def max_photos() -> int:
    return settings.GRANTS_MAX_RECORD_PHOTOS


def count_problems(*, kept: int, added: int) -> list[str]:
    """At most ``max_photos()`` photos on one record."""
    if kept + added <= max_photos():
        return []
    return [
        ngettext(
            "A record holds at most %(max)s photo; this one would have %(count)s.",
            "A record holds at most %(max)s photos; this one would have %(count)s.",
            max_photos(),
        )
        % {"max": max_photos(), "count": kept + added}
    ]


def photo_problems(upload: UploadedFile) -> list[str]:
    """What is wrong with one uploaded photo: over the size limit, or not an image."""
    name = upload.name or ""
    if upload.size is not None and upload.size > max_photo_bytes():
        return [
            _("%(name)s is %(size)s; a photo may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_photo_bytes()),
            }
        ]
    if _open(upload) is None:
        return [
            _("%(name)s is not a photo: only JPEG, PNG and WebP images are accepted.")
            % {"name": name}
        ]
    return []


def _open(upload: UploadedFile) -> Image.Image | None:
    """The image, verified and ready to decode, or ``None`` if it is not one we take."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            probe = Image.open(upload)
            if probe.format not in FORMATS or probe.width * probe.height > MAX_PIXELS:
                return None
            probe.verify()  # a truncated or corrupt file fails here
            upload.seek(0)
            image = Image.open(upload)
            image.load()
            return image
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        return None
    finally:
        upload.seek(0)


@dataclass(frozen=True)
class PreparedPhoto:
    image: bytes
    thumbnail: bytes
    extension: str
    width: int
    height: int


def prepare(upload: UploadedFile) -> PreparedPhoto:
    """The photo to store and its thumbnail, both without metadata. Call only after
    ``photo_problems`` found nothing."""
    original = _open(upload)
    if original is None:
        raise ValueError("prepare() needs a photo that photo_problems accepted")
    image_format = original.format or "JPEG"
    upright = ImageOps.exif_transpose(original)
    upright.thumbnail((STORED_EDGE, STORED_EDGE))
    if image_format == "JPEG" and upright.mode not in {"RGB", "L"}:
        upright = upright.convert("RGB")
    stored = io.BytesIO()
    # Saved without exif=, pnginfo= or xmp=: nothing but the pixels (and the colour
    # profile, which is not about the person) is written back.
    options: dict = {}
    if original.info.get("icc_profile"):
        options["icc_profile"] = original.info["icc_profile"]
    if image_format in {"JPEG", "WEBP"}:
        options["quality"] = 85
    upright.save(stored, format=image_format, **options)
    small = upright.copy()
    small.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
    if small.mode not in {"RGB", "L"}:  # transparency on white, for a JPEG
        with_alpha = small.convert("RGBA")
        small = Image.new("RGB", small.size, "white")
        small.paste(with_alpha, mask=with_alpha.getchannel("A"))
    thumbnail = io.BytesIO()
    small.save(thumbnail, format="JPEG", quality=80)
    return PreparedPhoto(
        image=stored.getvalue(),
        thumbnail=thumbnail.getvalue(),
        extension=FORMATS[image_format],
        width=upright.width,
        height=upright.height,
    )
