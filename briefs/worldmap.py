"""World maps as inline SVG, drawn on the server: no script, so the strict
Content-Security-Policy holds, and colours come from classes that site.css sets.

The shapes are Natural Earth's, projected once and committed as SVG path data
(``briefs/data/world-110m.json``, made by ``manage.py generate_world_map``; its
licence notice is beside it). Each country is a link to its page with its value
as the link's name; countries without a value keep a distinct "no data" class;
the pages put a table of the same values beside the map.
"""

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.safestring import SafeString, mark_safe

GEOMETRY = Path(__file__).resolve().parent / "data" / "world-110m.json"
NO_DATA = "no-data"
RANK_BANDS = 5


@dataclass(frozen=True)
class Shade:
    css_class: str
    label: str  # what the country's link says after its name: "31st of 83"


@dataclass(frozen=True)
class LegendItem:
    css_class: str
    label: str


@dataclass(frozen=True)
class WorldMap:
    map_id: str
    title: str
    legend: tuple[LegendItem, ...]
    svg: SafeString


@cache
def geometry() -> dict:
    return json.loads(GEOMETRY.read_text())


def world_map(
    *,
    map_id: str,
    title: str,
    summary: str,
    shades: dict[str, Shade],
    legend: list[LegendItem],
    links: dict[str, tuple[str, str]],
    no_data_label: str,
) -> WorldMap:
    """A map with each country (by ISO numeric code) shaded by `shades`, linked by
    `links` (code to (name, URL)); countries without a shade are drawn as no data."""
    shapes = geometry()
    root = ET.Element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {shapes['width']} {shapes['height']}",
        role="group",
    )
    root.set("class", "world-map")
    root.set("aria-labelledby", f"{map_id}-title {map_id}-desc")
    ET.SubElement(root, "title", id=f"{map_id}-title").text = title
    ET.SubElement(root, "desc", id=f"{map_id}-desc").text = summary
    for country in shapes["countries"]:
        shade = shades.get(country["id"])
        css_class = shade.css_class if shade else NO_DATA
        link = links.get(country["id"])
        if link is None:  # a territory without an ISO code (Kosovo, Somaliland, N. Cyprus)
            path = ET.SubElement(root, "path", d=country["d"])
            path.set("class", NO_DATA)
            path.set("aria-hidden", "true")
            continue
        name, url = link
        label = f"{name}: {shade.label if shade else no_data_label}"
        anchor = ET.SubElement(root, "a", href=url)
        anchor.set("aria-label", label)
        path = ET.SubElement(anchor, "path", d=country["d"])
        path.set("class", css_class)
        ET.SubElement(path, "title").text = label
    return WorldMap(
        map_id=map_id,
        title=title,
        legend=(*legend, LegendItem(NO_DATA, no_data_label)),
        # ElementTree escapes every name and label it writes.
        svg=mark_safe(ET.tostring(root, encoding="unicode")),
    )


def rank_bands(out_of: int) -> list[tuple[int, int]]:
    """The field cut into fifths by rank: 83 countries give 1-16, 17-33, ... 67-83."""
    bands = []
    for band in range(RANK_BANDS):
        low = band * out_of // RANK_BANDS + 1
        high = (band + 1) * out_of // RANK_BANDS
        if high >= low:
            bands.append((low, high))
    return bands


def rank_map(*, indicator, edition, rankings, links) -> WorldMap:
    """An edition's overall ranks, in five bands from the top fifth to the bottom."""
    bands = rank_bands(edition.countries_covered)

    def band_of(rank: int) -> int:
        return next(i for i, (low, high) in enumerate(bands, start=1) if rank <= high)

    shades = {
        ranking.country.numeric_code: Shade(
            f"rank-{band_of(ranking.rank)}", f"{ranking.rank_display}"
        )
        for ranking in rankings
    }
    legend = [
        LegendItem(f"rank-{i}", f"{ordinal(low)} to {ordinal(high)}")
        for i, (low, high) in enumerate(bands, start=1)
    ]
    ranked = len(shades)
    return world_map(
        map_id=f"map-{edition.year}",
        title=f"{indicator.name}, {edition.year} edition: overall rank by country",
        summary=(
            f"{ranked} of the {edition.countries_covered} countries the edition covers have a "
            "rank recorded here; darker is higher. The table beside the map lists them."
        ),
        shades=shades,
        legend=legend,
        links=links,
        no_data_label="no rank recorded",
    )


def membership_map(*, bloc, on, memberships, links, roles) -> WorldMap:
    """The countries in a bloc on a date, shaded by role; `roles` is (value, label)."""
    shades = {
        membership.country.numeric_code: Shade(
            f"role-{membership.role}", membership.get_role_display().lower()
        )
        for membership in memberships
        if membership.country_id
    }
    present = {shade.css_class for shade in shades.values()}
    legend = [
        LegendItem(f"role-{value}", label) for value, label in roles if f"role-{value}" in present
    ]
    return world_map(
        map_id="members-map",
        title=f"{bloc.name}: member countries on {on:%-d %B %Y}",
        summary=(
            f"{len(shades)} countries belonged to {bloc.name} on {on:%-d %B %Y}. "
            "The table beside the map lists them."
        ),
        shades=shades,
        legend=legend,
        links=links,
        no_data_label="not a member",
    )
