"""Nothing typed is lost: autosave of the brief form, and a hero image kept through errors.

Autosave. While an editor types, the form's text fields are posted every
``ADMIN_AUTOSAVE_SECONDS`` (and once more when the page is left) to the
brief's autosave endpoint, which keeps one copy per user and brief
(``BriefAutosave``). It is not the brief and not a revision: nothing public
reads it, History does not list it, and a successful save of the brief deletes
it. On reopening the form, the editor is offered the autosaved text with its
time, to take or to discard. The browser keeps its own copy too
(``brief-keep.js``), which covers a save refused because the session expired:
after logging in again, the form offers what they typed.

A kept hero image. When a form with a new hero image fails validation, the
(already checked and cleaned) image is stored under ``briefs/pending/`` and
the form carries a signed token naming it, shown as "kept: photo.jpg". The
next save uses it unless another file is chosen; pending files left for a
day are deleted the next time one is stored.
"""

import datetime
import json
import logging
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ..models import BriefAutosave

logger = logging.getLogger(__name__)

AUTOSAVED_FIELDS = ("title", "slug", "summary", "body", "hero_alt", "hero_credit")
MAX_FIELD_LENGTH = 200_000
PENDING_FOLDER = "briefs/pending"
PENDING_MAX_AGE = datetime.timedelta(days=1)
KEPT_SALT = "briefs.kept-hero"


def autosave_seconds() -> int:
    return getattr(settings, "ADMIN_AUTOSAVE_SECONDS", 30)


def autosave_view(request, brief):
    """POST the form's text fields to keep them; POST ``discard=1`` to drop the copy."""
    if request.method != "POST":
        return JsonResponse({"error": "POST the form's fields."}, status=405)
    if request.POST.get("discard"):
        BriefAutosave.objects.filter(user=request.user, brief=brief).delete()
        return JsonResponse({"discarded": True})
    fields = {name: request.POST[name] for name in AUTOSAVED_FIELDS if name in request.POST}
    if not fields:
        return HttpResponseBadRequest("No form fields to keep.")
    if any(len(value) > MAX_FIELD_LENGTH for value in fields.values()):
        return HttpResponseBadRequest("A field is too long to keep.")
    now = timezone.now()
    BriefAutosave.objects.update_or_create(
        user=request.user, brief=brief, defaults={"fields": fields, "saved_at": now}
    )
    return JsonResponse({"saved_at": now.isoformat(), "saved_at_display": _when(now)})


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def offered_autosave(user, brief) -> dict | None:
    """The autosave to offer on opening the form, if it differs from the saved brief."""
    autosave = BriefAutosave.objects.filter(user=user, brief=brief).first()
    if autosave is None:
        return None
    if all(autosave.fields.get(name, "") == getattr(brief, name) for name in autosave.fields):
        autosave.delete()  # nothing the brief does not already have
        return None
    return {
        "fields": {k: v for k, v in autosave.fields.items() if k in AUTOSAVED_FIELDS},
        "saved_at": autosave.saved_at.isoformat(),
        "saved_at_display": _when(autosave.saved_at),
    }


def forget_autosave(user, brief) -> None:
    BriefAutosave.objects.filter(user=user, brief=brief).delete()


def keeping_context(request, brief) -> dict:
    # After a failed save the form shows what was posted; the offer is for opening it.
    opening = request.method == "GET"
    return {
        "autosave_url": reverse("admin:briefs_brief_autosave", args=[brief.pk]),
        "autosave_seconds": autosave_seconds(),
        "autosave_offer": offered_autosave(request.user, brief) if opening else None,
        "autosave_fields": json.dumps(AUTOSAVED_FIELDS),
    }


# The hero image kept through a failed validation.


def keep_hero(upload, *, user) -> tuple[str, str]:
    """Store a checked image until the form saves; returns (token, display name)."""
    _discard_stale_pending()
    name = PurePosixPath(upload.name).name
    upload.seek(0)
    path = default_storage.save(
        f"{PENDING_FOLDER}/{uuid.uuid4().hex}/{name}", ContentFile(upload.read())
    )
    token = signing.dumps({"path": path, "user": user.pk}, salt=KEPT_SALT)
    return token, name


def kept_hero(token: str, *, user) -> ContentFile | None:
    """The kept image a token names, if the token is this user's and the file is still there."""
    try:
        payload = signing.loads(token, salt=KEPT_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    path = payload.get("path", "") if isinstance(payload, dict) else ""
    if payload.get("user") != user.pk or not path.startswith(PENDING_FOLDER + "/"):
        return None
    try:
        with default_storage.open(path) as stored:
            return ContentFile(stored.read(), name=PurePosixPath(path).name)
    except OSError:
        return None


def kept_hero_name(token: str) -> str:
    try:
        return PurePosixPath(signing.loads(token, salt=KEPT_SALT).get("path", "")).name
    except (signing.BadSignature, AttributeError):
        return ""


def drop_kept_hero(token: str) -> None:
    try:
        path = signing.loads(token, salt=KEPT_SALT).get("path", "")
    except (signing.BadSignature, AttributeError):
        return
    if path.startswith(PENDING_FOLDER + "/"):
        default_storage.delete(path)


def _discard_stale_pending() -> None:
    """Pending images abandoned for a day go; a storage that cannot list them is left alone."""
    cutoff = timezone.now() - PENDING_MAX_AGE
    try:
        folders, _ = default_storage.listdir(PENDING_FOLDER)
        for folder in folders:
            for file_name in default_storage.listdir(f"{PENDING_FOLDER}/{folder}")[1]:
                path = f"{PENDING_FOLDER}/{folder}/{file_name}"
                if default_storage.get_modified_time(path) < cutoff:
                    default_storage.delete(path)
    except (OSError, NotImplementedError):
        logger.info("Could not list pending hero images; leaving them.")
