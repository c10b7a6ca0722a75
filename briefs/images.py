"""Hero images: checked by content, stripped of metadata, served as responsive WebP.

An upload is judged by what Pillow finds in it, never by its name: only JPEG,
PNG, WebP and GIF pass, so an SVG (which can carry script), an HTML page or a
program renamed ``.jpg`` is refused. Two limits apply before any pixel is
decoded: the file size (``HERO_IMAGE_MAX_BYTES``) and the pixel count read from
the header (``HERO_IMAGE_MAX_PIXELS``), so a decompression bomb (a tiny PNG
that unpacks to gigabytes) is a form error rather than a memory spike.

Accepted images are re-encoded from their pixels, which drops EXIF (GPS
position, camera serial numbers), XMP and comments, after turning the pixels
upright as EXIF asked. Renditions at ``HERO_RENDITION_WIDTHS`` are written once
per image, named by a hash of its content.
"""

import hashlib
import io
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
RENDITION_FOLDER = "briefs/hero/renditions"


def max_bytes() -> int:
    return getattr(settings, "HERO_IMAGE_MAX_BYTES", 10 * 1024 * 1024)


def max_pixels() -> int:
    return getattr(settings, "HERO_IMAGE_MAX_PIXELS", 40_000_000)


def rendition_widths() -> list[int]:
    return sorted(getattr(settings, "HERO_RENDITION_WIDTHS", [480, 960, 1600]))


def _open_checked(data: bytes) -> Image.Image:
    """Open and fully decode, refusing anything but the four formats or over the pixel limit."""
    # Pillow's own bomb guard warns, then raises, at its own thresholds; ours is
    # stricter and is checked first, from the header alone.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
        except UnidentifiedImageError:
            raise ValidationError(
                "This file is not a JPEG, PNG, WebP or GIF image. "
                "Other files, SVG included, cannot be used as a hero image.",
                code="invalid_image",
            ) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        width, height = image.size
        if width * height > max_pixels():
            raise _too_many_pixels(width, height)
        try:
            image.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                "This image is damaged and cannot be read. Export it again and upload that.",
                code="broken_image",
            ) from error
    return image


def _too_many_pixels(width: int = 0, height: int = 0) -> ValidationError:
    size = f"This image is {width:,} × {height:,} pixels; " if width else "This image is "
    if not width:
        size += "far too large in pixels; "
    return ValidationError(
        f"{size}the limit is {max_pixels() / 1_000_000:g} megapixels. "
        "Scale it down and upload it again.",
        code="too_many_pixels",
    )


def clean_upload(upload) -> ContentFile:
    """Check an uploaded hero image and return a metadata-free copy named for its real format."""
    if upload.size > max_bytes():
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; the limit is "
            f"{filesizeformat(max_bytes())}.",
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():  # the client's stated size cannot be trusted
        raise ValidationError(
            f"This file is over the {filesizeformat(max_bytes())} limit.", code="too_large"
        )
    image = _open_checked(data)
    image_format = image.format
    cleaned = _reencode(image, image_format)
    stem = PurePosixPath(upload.name).stem or "hero"
    return ContentFile(cleaned, name=f"{stem}.{ALLOWED_FORMATS[image_format]}")


def _reencode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "GIF":
        # GIFs carry no EXIF; saving the frames again drops comments and extensions.
        image.save(out, format="GIF", save_all=getattr(image, "n_frames", 1) > 1)
        return out.getvalue()
    upright = ImageOps.exif_transpose(image)
    if image_format == "JPEG":
        upright.convert("RGB").save(out, format="JPEG", quality=90, optimize=True)
    elif image_format == "PNG":
        upright.save(out, format="PNG", optimize=True)
    else:
        upright.save(out, format="WEBP", quality=90)
    return out.getvalue()


def make_renditions(field_file) -> list[dict]:
    """Write WebP renditions of a stored hero image; returns their names, widths and heights."""
    field_file.open("rb")
    try:
        data = field_file.read()
    finally:
        field_file.close()
    digest = hashlib.sha256(data).hexdigest()[:16]
    image = _open_checked(data)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    storage = field_file.storage
    widths = [width for width in rendition_widths() if width < image.width] + [
        min(image.width, rendition_widths()[-1])
    ]
    renditions = []
    for width in sorted(set(widths)):
        height = max(1, round(image.height * width / image.width))
        name = f"{RENDITION_FOLDER}/{digest}-{width}.webp"
        if not storage.exists(name):  # made once: the same image never renders twice
            out = io.BytesIO()
            image.resize((width, height), Image.Resampling.LANCZOS).save(
                out, format="WEBP", quality=82, method=4
            )
            storage.save(name, ContentFile(out.getvalue()))
        renditions.append({"width": width, "height": height, "name": name})
    return renditions
