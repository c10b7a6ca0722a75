"""Keep a local copy of the AI Geopolitics Briefs read API in sync, with the change feed.

    python3 sync_copy.py https://briefs.example.org/api/v1 copy.json

Only the standard library: copy this file into your app. The copy (a JSON file here;
use your own store) holds every published brief in full, as ``/briefs/<slug>/``
serves it, and every entity as its list serves it, by the key the change feed uses.
The first run reads everything. Each later run reads ``/changes/`` from where the
last one stopped, less a minute of overlap (a change applied twice is harmless):
a ``deleted`` change drops the copy, a ``created`` or ``updated`` brief is read
again, and the entity lists with changes are read with ``updated_since``.
"""

import datetime
import email.utils
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

OVERLAP = datetime.timedelta(minutes=1)
# Each entity type of the change feed: its list's path, and the field its key is in.
LISTS = {
    "country": ("countries", "iso2"),
    "bloc": ("blocs", "slug"),
    "membership": ("memberships", "id"),
    "organization": ("organizations", "slug"),
    "ai-model": ("ai-models", "slug"),
    "person": ("people", "slug"),
    "indicator": ("indicators", "slug"),
    "ranking": ("rankings", "id"),
    "key-figure": ("key-figures", "id"),
    "event": ("events", "slug"),
    "source": ("sources", "id"),
    "topic": ("topics", "slug"),
}


def get(url: str):
    """(status, parsed JSON body, response headers); a 404 is an answer, not an error."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response), response.headers
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return 404, None, error.headers
        raise


def results(url: str):
    """Every result of a list, following `next` to the last page."""
    while url:
        _, page, _ = get(url)
        yield from page["results"]
        url = page["next"]


def with_query(url: str, **params) -> str:
    return f"{url}?{urllib.parse.urlencode(params)}"


def full_copy(api: str) -> dict:
    """Everything, and the time to follow the change feed from (the server's clock)."""
    _, _, headers = get(f"{api}/")
    started = email.utils.parsedate_to_datetime(headers["Date"])
    copy = {"briefs": {}, "entities": {kind: {} for kind in LISTS}}
    for brief in results(with_query(f"{api}/briefs/", page_size=100)):
        status, body, _ = get(brief["url"])
        if status == 200:
            copy["briefs"][brief["slug"]] = body
    for kind, (path, key) in LISTS.items():
        for row in results(with_query(f"{api}/{path}/", page_size=100)):
            copy["entities"][kind][str(row[key])] = row
    copy["since"] = (started - OVERLAP).isoformat()
    return copy


def follow_changes(api: str, copy: dict) -> dict:
    """Apply every change since ``copy["since"]``; the copy is then current."""
    since = copy["since"]
    latest = {}  # the last change of each object is the one that counts
    for change in results(with_query(f"{api}/changes/", since=since, page_size=100)):
        latest[change["type"], change["key"]] = change
    changed_lists = set()
    for (kind, key), change in latest.items():
        store = copy["briefs"] if kind == "brief" else copy["entities"][kind]
        if change["action"] == "deleted":
            store.pop(key, None)
        elif kind == "brief":
            status, body, _ = get(change["url"])
            if status == 200:
                store[key] = body
            else:  # withdrawn again since: its tombstone is further on, or coming
                store.pop(key, None)
        else:
            changed_lists.add(kind)
    for kind in changed_lists:
        path, key = LISTS[kind]
        for row in results(with_query(f"{api}/{path}/", updated_since=since, page_size=100)):
            copy["entities"][kind][str(row[key])] = row
    if latest:
        last = max(datetime.datetime.fromisoformat(c["at"]) for c in latest.values())
        copy["since"] = (last - OVERLAP).isoformat()
    return copy


def main(api: str, path: str) -> None:
    file = Path(path)
    api = api.rstrip("/")
    if file.exists():
        copy = follow_changes(api, json.loads(file.read_text(encoding="utf-8")))
    else:
        copy = full_copy(api)
    file.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
