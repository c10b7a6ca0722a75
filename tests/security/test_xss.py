"""The XSS corpus in every field, every surface that shows it in Chromium: nothing runs.

Pages are requested through Django's test client and handed to Chromium by
Playwright's request routing (the browser asks for http://xss.test/...), so the
browser parses exactly what the site sends, with its real content type, in the
test's own transaction. The Content-Security-Policy is taken off (``bypass_csp``):
what is tested is that the markup is escaped, not that the policy would block a
script that got through. Feeds are served as application/xml, so Chromium
renders them as XML documents (where an XHTML ``<script>`` would run); CSV as
text, which it would otherwise download.

Per page, three things fail the test: a payload's ``__xss(n)``/``alert(n)`` ran
(any frame), an element a payload marked ``data-xss`` made it into the DOM, or a
link, frame, form or embed points at a javascript:, data: or vbscript: URL.
The payloads × surfaces reached (a payload counts for a surface when its marker
is in a response of that surface) are printed; run with ``-s`` to see them.
"""

import contextvars
import os
from collections import defaultdict

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.test import Client
from django.urls import reverse

from briefs.models import Brief
from tests.factories import SuperuserFactory

from .corpus import PAYLOADS, build_corpus_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ORIGIN = "http://xss.test"
# Detail pages are loaded for every payload's objects with XSS_DETAIL=all (about 1,700
# page loads, half an hour here); by default for every DETAIL_STEP-th one (3 a surface),
# each detail surface starting from a different payload, so the run stays within CI's
# time while the lists, the feeds, the API lists and the admin's lists carry every payload.
DETAIL_STEP = 1 if os.environ.get("XSS_DETAIL") == "all" else 23

RECORD = """
window.__xss = (n) => window.__xssReport(String(n));
window.alert = window.confirm = window.prompt = (n) => window.__xssReport("dialog " + n);
"""

INSPECT = """() => {
  const marked = document.querySelectorAll("[data-xss]").length;
  const live = [];
  const selector = "a[href], area[href], iframe[src], frame[src], form[action], object[data], "
    + "embed[src], base[href], link[href], meta[http-equiv]";
  for (const element of document.querySelectorAll(selector)) {
    const raw = element.getAttribute("href") ?? element.getAttribute("src")
      ?? element.getAttribute("action") ?? element.getAttribute("data")
      ?? element.getAttribute("content") ?? "";
    let scheme = "";
    try { scheme = new URL(raw, location.href).protocol; } catch (error) { continue; }
    if (["javascript:", "data:", "vbscript:"].includes(scheme)) live.push(raw);
  }
  return {marked, live};
}"""

SHOWN_AS = {"application/rss+xml": "application/xml", "application/atom+xml": "application/xml"}


def marker(number: int) -> str:
    payload = PAYLOADS[number]
    for candidate in (f"__xss({number})", f"alert({number})"):
        if candidate in payload:
            return candidate
    return payload.rsplit(",", 1)[-1]  # the base64 data URL


def public_surfaces(worlds) -> list[tuple[str, str]]:
    surfaces = [
        ("home", reverse("briefs:home")),
        ("country list", reverse("briefs:country-list")),
        ("bloc list", reverse("briefs:bloc-list")),
        ("organization list", reverse("briefs:organization-list")),
        ("AI model list", reverse("briefs:aimodel-list")),
        ("indicator list", reverse("briefs:indicator-list")),
        ("search", reverse("briefs:search") + "?q=xss"),
        ("search", reverse("briefs:search") + "?q=script"),
        ("sitemap", reverse("sitemap")),
        ("RSS feed", reverse("briefs:feed")),
        ("Atom feed", reverse("briefs:feed-atom")),
    ]
    surfaces += paged("brief list", reverse("briefs:brief-list") + "?page={}")
    surfaces += paged("timeline", reverse("briefs:event-list") + "?page={}")
    details = {
        "brief page": lambda w: w["brief"].get_absolute_url(),
        "country page": lambda w: w["country"].get_absolute_url(),
        "bloc page": lambda w: w["bloc"].get_absolute_url(),
        "organization page": lambda w: w["organization"].get_absolute_url(),
        "AI model page": lambda w: w["ai_model"].get_absolute_url(),
        "person page": lambda w: w["person"].get_absolute_url(),
        "indicator page": lambda w: w["indicator"].get_absolute_url(),
        "event page": lambda w: w["event"].get_absolute_url(),
        "topic page": lambda w: w["topic"].get_absolute_url(),
        "source page": lambda w: w["source"].get_absolute_url(),
    }
    for kind in ("country", "bloc", "organization", "aimodel", "topic"):
        key = "ai_model" if kind == "aimodel" else kind
        for suffix, label in (("", "RSS"), ("-atom", "Atom")):
            details[f"{kind} {label} feed"] = lambda w, kind=kind, key=key, suffix=suffix: reverse(
                f"briefs:{kind}-feed{suffix}", args=[w[key].slug]
            )
    return surfaces + sampled(details, worlds)


def api_surfaces(worlds) -> list[tuple[str, str]]:
    lists = [
        "brief",
        "country",
        "bloc",
        "membership",
        "organization",
        "ai-model",
        "person",
        "indicator",
        "ranking",
        "key-figure",
        "event",
        "source",
        "topic",
    ]
    surfaces = [("API root", reverse("api:root"))]
    for name in lists:
        url = reverse(f"api:{name}-list")
        if name == "brief":  # paged by cursor: follow the next links
            surfaces += cursor_paged(f"API {name} list", url + "?page_size=100")
        else:
            surfaces += paged(f"API {name} list", url + "?page_size=100&page={}")
    for name in ("ranking", "key-figure", "membership"):  # the tables with a CSV of their own
        surfaces.append((f"API {name} CSV", reverse(f"api:{name}-csv")))  # every row at once
    surfaces += [("API search", reverse("api:search") + "?q=xss")]
    details = {
        "API brief": lambda w: reverse("api:brief-detail", args=[w["brief"].slug]),
        "API country": lambda w: reverse("api:country-detail", args=[w["country"].iso3]),
        "API bloc": lambda w: reverse("api:bloc-detail", args=[w["bloc"].slug]),
        "API organization": lambda w: reverse(
            "api:organization-detail", args=[w["organization"].slug]
        ),
        "API AI model": lambda w: reverse("api:ai-model-detail", args=[w["ai_model"].slug]),
        "API person": lambda w: reverse("api:person-detail", args=[w["person"].slug]),
        "API indicator": lambda w: reverse("api:indicator-detail", args=[w["indicator"].slug]),
        "API event": lambda w: reverse("api:event-detail", args=[w["event"].slug]),
        "API source": lambda w: reverse("api:source-detail", args=[w["source"].pk]),
        "API topic": lambda w: reverse("api:topic-detail", args=[w["topic"].slug]),
        "API key figure": lambda w: reverse("api:key-figure-detail", args=[w["key_figure"].pk]),
    }
    return surfaces + sampled(details, worlds)


def admin_surfaces(worlds) -> list[tuple[str, str]]:
    surfaces, details = [], {}
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        changelist = reverse(f"{prefix}_changelist")
        surfaces += paged(f"admin {opts.verbose_name} list", changelist + "?p={}", ADMIN)
        # The objects that carry payloads: the corpus made them last, except the countries
        # it filled in (the first ones).
        order = "pk" if opts.model_name == "country" else "-pk"
        objects = list(model._default_manager.order_by(order)[: len(worlds)])

        def change(world, objects=objects, prefix=prefix):
            obj = objects[world["number"] % len(objects)] if objects else None
            return reverse(f"{prefix}_change", args=[quote(obj.pk)]) if obj else None

        details[f"admin {opts.verbose_name} form"] = change
    surfaces += [
        (
            "admin autocomplete",
            f"/admin/autocomplete/?app_label=briefs&model_name=brief&field_name={field}&term=",
        )
        for field in ("topics", "organizations", "people")
    ]
    details["admin brief history"] = lambda w: reverse(
        "admin:briefs_brief_history", args=[w["brief"].pk]
    )
    details["admin brief preview"] = lambda w: reverse(
        "admin:briefs_brief_preview", args=[w["brief"].pk]
    )
    return surfaces + sampled(details, worlds)


ADMIN = Client()


def paged(name: str, template: str, client=None) -> list[tuple[str, str]]:
    """Every page of a paged list (or a format it does not offer: none)."""
    client = client or Client()
    surfaces = []
    for number in range(1, 10):
        url = template.format(number)
        if client.get(url).status_code != 200:
            break
        surfaces.append((name, url))
    return surfaces


def cursor_paged(name: str, url: str, client=None) -> list[tuple[str, str]]:
    """Every page of a list paged by cursor, following its next links."""
    client = client or Client()
    surfaces = []
    while url and len(surfaces) < 10:
        response = client.get(url)
        assert response.status_code == 200, url
        surfaces.append((name, url))
        url = response.json()["next"]
    return surfaces


def sampled(details: dict, worlds) -> list[tuple[str, str]]:
    """Each detail surface for every DETAIL_STEP-th payload, offset per surface."""
    surfaces = []
    for offset, (name, url_of) in enumerate(details.items()):
        for world in worlds[offset % DETAIL_STEP :: DETAIL_STEP]:
            url = url_of(world)
            if url:
                surfaces.append((name, url))
    return surfaces


class SiteThroughTestClient:
    """Answers the browser's requests for ORIGIN with the Django test client."""

    def __init__(self, client: Client):
        self.client = client
        self.responses: dict[str, bytes] = {}
        self.static: dict[str, dict] = {}
        # Playwright calls the handler in a greenlet with contextvars of its own, where
        # Django would open a second database connection outside the test's transaction;
        # run it in the test's context, on the test's connection.
        self.context = contextvars.copy_context()

    def __call__(self, route):
        path = route.request.url.removeprefix(ORIGIN)
        if path in self.static:  # the admin's scripts and styles, fetched once
            route.fulfill(**self.static[path])
            return
        response = self.context.run(self.client.get, path)
        if response.streaming:  # read in the test's context too: the stream queries as it goes
            body = self.context.run(b"".join, response.streaming_content)
        else:
            body = response.content
        headers = {k: v for k, v in response.items() if k.lower() != "content-security-policy"}
        content_type = headers.get("Content-Type", "").split(";")[0]
        if content_type in SHOWN_AS:
            headers["Content-Type"] = SHOWN_AS[content_type] + "; charset=utf-8"
        elif content_type == "text/csv":
            headers["Content-Type"] = "text/plain; charset=utf-8"
        headers.pop("Content-Disposition", None)
        self.responses[path] = body
        answer = {"status": response.status_code, "headers": headers, "body": body}
        if path.startswith("/static/"):
            self.static[path] = answer
        route.fulfill(**answer)


def test_no_payload_runs_on_any_page_feed_api_response_or_admin_page(browser, request):
    worlds = build_corpus_world(PAYLOADS)
    assert len(PAYLOADS) >= 60
    Brief.objects.filter(slug="xss-0").update(status=Brief.Status.PUBLISHED)
    ADMIN.force_login(SuperuserFactory(username="xss-admin"))
    site = SiteThroughTestClient(ADMIN)
    context = browser.new_context(bypass_csp=True)
    request.addfinalizer(context.close)
    fired = []
    context.expose_binding("__xssReport", lambda source, n: fired.append((source["frame"].url, n)))
    context.add_init_script(RECORD)
    context.route(f"{ORIGIN}/**", site)
    page = context.new_page()
    page.on("dialog", lambda dialog: (fired.append((page.url, dialog.message)), dialog.dismiss()))

    surfaces = public_surfaces(worlds) + api_surfaces(worlds) + admin_surfaces(worlds)
    problems, statuses = [], defaultdict(list)
    reached = defaultdict(set)
    for name, path in surfaces:
        fired.clear()
        response = page.goto(ORIGIN + path, wait_until="load")
        statuses[response.status].append(path)
        found = page.evaluate(INSPECT)
        if fired or found["marked"] or found["live"]:
            problems.append((name, path, list(fired), found))
        body = site.responses.get(path, b"").decode("utf-8", "replace")
        reached[name].update(n for n in range(len(PAYLOADS)) if marker(n) in body)

    report = sorted((name, len(numbers)) for name, numbers in reached.items())
    total = sum(count for _, count in report)
    print(
        f"\nXSS corpus: {len(PAYLOADS)} payloads, {len(reached)} surface types, "
        f"{len(surfaces)} page loads, {total} payload x surface pairs reached"
    )
    for name, count in report:
        print(f"  {name:40} {count:3} payloads")
    assert problems == []
    assert set(statuses) == {200}, {status: paths[:5] for status, paths in statuses.items()}
    every = {name for name, count in report if count == len(PAYLOADS)}
    assert {"brief list", "home", "API brief list", "admin brief list"} <= every, report
    # The CSV operations are loaded too, each carrying the payloads its table holds.
    assert {"API ranking CSV", "API key-figure CSV", "API membership CSV"} <= set(reached)
