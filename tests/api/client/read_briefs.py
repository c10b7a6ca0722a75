"""Reads the briefs of a live server with the generated client's plain Client."""

import sys
from urllib.parse import parse_qs, urlsplit

from briefs_client import Client
from briefs_client.api.briefs import briefs_list, briefs_retrieve
from briefs_client.api.rankings import rankings_csv
from briefs_client.models import BriefDetail, Error, PaginatedBriefListList
from briefs_client.types import UNSET, Unset


def all_brief_slugs(client: Client, topics: list[str]) -> list[str]:
    slugs: list[str] = []
    cursor: str | Unset = UNSET
    while True:
        page = briefs_list.sync(client=client, topic=topics, page_size=2, cursor=cursor)
        if not isinstance(page, PaginatedBriefListList):
            raise SystemExit(f"unexpected answer: {page!r}")
        slugs += [brief.slug for brief in page.results]
        if not page.next_:
            return slugs
        cursor = parse_qs(urlsplit(page.next_).query)["cursor"][0]


def main(base_url: str) -> None:
    client = Client(base_url=base_url)
    print(" ".join(all_brief_slugs(client, ["first", "second"])))
    brief = briefs_retrieve.sync("brief-0", client=client)
    if not isinstance(brief, BriefDetail):
        raise SystemExit(f"unexpected answer: {brief!r}")
    print(brief.title)
    missing = briefs_retrieve.sync("no-such-brief", client=client)
    if not isinstance(missing, Error):
        raise SystemExit(f"unexpected answer: {missing!r}")
    print(missing.status, missing.code)
    table = rankings_csv.sync(client=client)
    if not isinstance(table, str):
        raise SystemExit(f"unexpected answer: {table!r}")
    print(table.splitlines()[0].split(",")[0])


if __name__ == "__main__":
    main(sys.argv[1])
