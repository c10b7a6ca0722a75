"""Editing together: who else has a brief open, and a field-by-field merge on a conflict.

Presence is a heartbeat: the open form posts every ``PRESENCE_HEARTBEAT``
seconds, and an editor not heard from for ``PRESENCE_TTL`` seconds is no
longer listed, so a closed laptop clears itself. It lives in the cache only;
without a working cache nobody is listed and editing goes on.

When a save is refused because someone else saved first (``concurrency``),
the form shows each text field both ways, theirs and the refused editor's,
and the form field itself is the merge: take theirs, keep yours, or edit.
"""

import datetime
import logging

from django.core.cache import cache
from django.http import JsonResponse
from django.utils import timezone
from django.utils.formats import time_format

from ..users import display_name

logger = logging.getLogger(__name__)

PRESENCE_TTL = 60
PRESENCE_HEARTBEAT = 20
MERGEABLE_FIELDS = ("title", "slug", "summary", "body", "hero_alt", "hero_credit")


def _key(brief) -> str:
    return f"brief-presence:{brief.pk}"


def _present(brief, now) -> dict:
    try:
        entries = cache.get(_key(brief)) or {}
    except Exception:  # a cache that is down lists nobody; editing goes on
        logger.warning("Presence cache unavailable", exc_info=True)
        return {}
    return {
        user_id: entry for user_id, entry in entries.items() if now - entry["seen"] <= PRESENCE_TTL
    }


def heartbeat(user, brief) -> list[dict]:
    """Note that `user` has the brief open; returns the others present."""
    now = timezone.now().timestamp()
    entries = _present(brief, now)
    entry = entries.get(str(user.pk))
    since = entry["since"] if entry else now
    entries[str(user.pk)] = {"name": display_name(user), "since": since, "seen": now}
    try:
        cache.set(_key(brief), entries, PRESENCE_TTL * 2)
    except Exception:
        logger.warning("Presence cache unavailable", exc_info=True)
    return others(entries, user)


def others(entries: dict, user) -> list[dict]:
    return [
        {
            "name": entry["name"],
            "since": time_format(
                timezone.localtime(
                    datetime.datetime.fromtimestamp(entry["since"], tz=datetime.UTC)
                ),
                "H:i",
            ),
        }
        for user_id, entry in sorted(entries.items(), key=lambda item: item[1]["since"])
        if user_id != str(user.pk)
    ]


def presence_view(request, brief):
    if request.method != "POST":
        return JsonResponse({"error": "POST to say you have the brief open."}, status=405)
    return JsonResponse({"others": heartbeat(request.user, brief)})


def merge_rows(form) -> list[dict]:
    """Each text field where the other editor's saved value and this editor's differ."""
    version = getattr(form, "conflict_version", None)
    if version is None:
        return []
    theirs_all = version.field_dict
    rows = []
    for name in MERGEABLE_FIELDS:
        if name not in form.fields:
            continue
        theirs = theirs_all.get(name) or ""
        mine = form.data.get(form.add_prefix(name), "")
        if str(theirs).replace("\r\n", "\n") != str(mine).replace("\r\n", "\n"):
            rows.append(
                {
                    "name": name,
                    "label": form.fields[name].label or name,
                    "theirs": str(theirs),
                    "mine": str(mine),
                }
            )
    return rows
