"""Photos from residents: decoded with Pillow and re-encoded, so no EXIF (GPS!) survives and
files that are not really images are refused."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Stored photos are at most this many pixels on their long side (a phone photo is 4,000).
MAX_SIDE = 4096


def photo_pixels(upload) -> int:
    """The pixels ``upload`` would decode to, read from its header without decoding it (0 when
    it is not an image: ``clean_photo`` says why)."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            return image.width * image.height
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return 0
    finally:
        upload.seek(0)


FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    extension: str
    content_type: str
    width: int
    height: int


def clean_photo(upload, name: str = "") -> CleanPhoto:
    """Decode, check and re-encode one upload; ``ValidationError`` with a message for residents."""
    name = name or getattr(upload, "name", "")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 10 MB. Please choose a smaller photo.") % {"name": name},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in FORMATS:
                raise ValidationError(
                    _("“%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": name},
                    code="format",
                )
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("“%(name)s” has too many pixels. Please choose a smaller photo.")
                    % {"name": name},
                    code="too_large",
                )
            source_format = image.format
            image.load()
            image = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(
            _("“%(name)s” could not be read as a photo. Please choose a JPEG, PNG or WebP file.")
            % {"name": name},
            code="undecodable",
        ) from exc
    extension, content_type = FORMATS[source_format]
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    output = io.BytesIO()
    if source_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(output, "JPEG", quality=85, optimize=True)
    elif source_format == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=True)
    else:
        image.save(output, "WEBP", quality=85)
    return CleanPhoto(output.getvalue(), extension, content_type, image.width, image.height)
