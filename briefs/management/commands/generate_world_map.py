"""Build briefs/data/world-110m.json, the committed world map, from Natural Earth.

The input is ``countries-110m.json`` from the world-atlas npm package (Natural
Earth's 1:110m Admin 0 countries as TopoJSON; see briefs/data/WORLD-MAP-LICENCE.txt):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python manage.py generate_world_map package/countries-110m.json

The shapes are projected once, here (Equal Earth), rounded to whole units of a
1000-wide drawing and written as SVG path data keyed by ISO 3166-1 numeric code,
so the site draws a map without a geometry library and never fetches anything.
Antarctica is left out: no index ranks it, and it would take a fifth of the height.
"""

import json
import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

OUTPUT = Path(settings.BASE_DIR) / "briefs" / "data" / "world-110m.json"
WIDTH = 1000
LEFT_OUT = {"010"}  # Antarctica

# Equal Earth (Šavrič, Patterson and Jenny, 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * lam
        * math.cos(theta)
        / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    )
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, -y  # SVG's y grows downwards


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def cut_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses 180° (Chukotka, Fiji) as one ring per side of it.

    The TopoJSON leaves such rings whole for a renderer to clip; drawn as they are, they
    streak across the map. Each crossing gets a point on the meridian at the latitude
    where the edge meets it, and the runs on each side are joined into one ring.
    """
    points = ring[:-1] if ring[0] == ring[-1] else list(ring)
    count = len(points)
    crossings = [i for i in range(count) if abs(points[i][0] - points[i - 1][0]) > 180]
    if not crossings:
        return [ring]
    start = crossings[0]
    points = points[start:] + points[:start]  # begin just after a crossing
    sides: dict[int, list[tuple[float, float]]] = {}
    for index, point in enumerate(points):
        previous = points[index - 1]
        if abs(point[0] - previous[0]) > 180:
            edge = 180.0 if previous[0] > 0 else -180.0
            unwrapped = point[0] + (360 if previous[0] > 0 else -360)
            span = unwrapped - previous[0]
            t = (edge - previous[0]) / span if span else 0.0
            latitude = previous[1] + t * (point[1] - previous[1])
            sides.setdefault(edge > 0, []).append((edge, latitude))
            sides.setdefault(edge < 0, []).append((-edge, latitude))
        sides.setdefault(point[0] > 0, []).append(point)
    return [side for side in sides.values() if len(side) >= 3]


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


class Command(BaseCommand):
    help = "Write briefs/data/world-110m.json from world-atlas's countries-110m.json."

    def add_arguments(self, parser):
        parser.add_argument("topojson", type=Path)

    def handle(self, *args, topojson: Path, **options):
        try:
            topology = json.loads(topojson.read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {topojson}: {error}") from error
        arcs = decode_arcs(topology)
        shapes = []
        for geometry in topology["objects"]["countries"]["geometries"]:
            code = geometry.get("id") or ""
            if code in LEFT_OUT or geometry["type"] not in ("Polygon", "MultiPolygon"):
                continue
            polygons = (
                geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
            )
            rings = [
                [equal_earth(*point) for point in piece]
                for polygon in polygons
                for ring in polygon
                for piece in cut_at_antimeridian(ring_points(ring, arcs))
            ]
            shapes.append((code, geometry["properties"]["name"], rings))

        xs = [x for _, _, rings in shapes for ring in rings for x, _ in ring]
        ys = [y for _, _, rings in shapes for ring in rings for _, y in ring]
        scale = WIDTH / (max(xs) - min(xs))
        left, top = min(xs), min(ys)
        height = math.ceil((max(ys) - top) * scale)

        countries = []
        for code, name, rings in shapes:
            path = "".join(
                _path(ring, lambda x, y: (round((x - left) * scale), round((y - top) * scale)))
                for ring in rings
            )
            if path:
                countries.append({"id": code, "name": name, "d": path})
        countries.sort(key=lambda country: (country["id"] == "", country["id"], country["name"]))
        data = {
            "about": "Natural Earth 1:110m Admin 0 countries (public domain) via the "
            "world-atlas package (ISC licence); Equal Earth projection; Antarctica left out. "
            "Made by manage.py generate_world_map; see WORLD-MAP-LICENCE.txt.",
            "width": WIDTH,
            "height": height,
            "countries": countries,
        }
        OUTPUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
        self.stdout.write(f"Wrote {len(countries)} shapes, {OUTPUT.stat().st_size} bytes.")


def _path(ring, project) -> str:
    """One closed ring as relative SVG path data, repeated points dropped."""
    points = []
    for x, y in ring:
        point = project(x, y)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return ""
    x0, y0 = points[0]
    steps = [f"M{x0} {y0}"]
    previous = points[0]
    deltas = []
    for x, y in points[1:]:
        deltas.append(f"{x - previous[0]} {y - previous[1]}")
        previous = (x, y)
    steps.append("l" + " ".join(deltas).replace(" -", "-"))
    return "".join(steps) + "z"
