"""Every public page could run under a strict Content-Security-Policy, and is well formed.

No inline scripts (JSON-LD data blocks are not scripts), no event-handler
attributes, no style attributes or elements, nothing loaded from another host.
"""

import re
from html.parser import HTMLParser

import pytest

from tests.site.conftest import build_world
from tests.site.test_query_counts import _pages

pytestmark = pytest.mark.django_db


class PolicyChecker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []
        self.h1_count = 0
        self.ids = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "style":
            self.problems.append("a <style> element")
        if "style" in attrs:
            self.problems.append(f"a style attribute on <{tag}>")
        for name in attrs:
            if name.startswith("on"):
                self.problems.append(f"an {name} handler on <{tag}>")
        if tag == "script" and attrs.get("type") != "application/ld+json" and not attrs.get("src"):
            self.problems.append("an inline script")
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            external = re.match(r"(https?:)?//", value)
            if external and (tag in ("script", "img") or attrs.get("rel") == "stylesheet"):
                self.problems.append(f"{tag} loaded from another host: {value}")


def test_every_html_page_is_strict_csp_ready_with_one_h1_and_unique_ids(client):
    world = build_world(2)
    for name, url in _pages(world).items():
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", "") or response.status_code == 301:
            continue
        checker = PolicyChecker()
        checker.feed(response.content.decode())
        assert checker.problems == [], name
        assert checker.h1_count == 1, name
        assert len(checker.ids) == len(set(checker.ids)), name


def test_public_pages_send_a_strict_content_security_policy(client):
    world = build_world(2)
    policy = client.get(world.country.get_absolute_url())["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
