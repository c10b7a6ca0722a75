"""Rank-over-time charts as inline SVG, drawn on the server by leather.

leather writes plain SVG with presentation attributes only (no script, no
style element, no style attribute), so the charts pass a strict
Content-Security-Policy and site.css restyles them for dark mode through the
classes added here. Each chart carries a text alternative (<title> and
<desc>), and the templates put the same numbers in a table beside it.

Ranks are drawn upside down (first place at the top) by plotting the negative
rank, because leather's scales do not invert.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import leather
from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.safestring import SafeString, mark_safe
from leather import theme

# The site's look, set once: leather reads its theme module when it draws.
theme.background_color = "none"
for _part in ("title", "legend", "axis_title", "tick"):
    setattr(theme, f"{_part}_font_family", "system-ui, sans-serif")
theme.tick_font_size = theme.tick_font_char_height = 14
theme.legend_font_size = theme.legend_font_char_height = 14
theme.legend_font_char_width = 8
theme.tick_color = "#d9dce1"
theme.zero_color = "#d9dce1"
theme.label_color = "#4f5561"
theme.legend_color = "#1b1d21"
theme.margin = 0.05

# Light-mode colours, readable on white; site.css swaps them in dark mode.
SERIES_COLORS = ["#b3261e", "#1a5fb4", "#2b7a3d", "#7b3fa0", "#8a5a00"]
MAX_SERIES = len(SERIES_COLORS)
WIDTH, HEIGHT = 420, 260


@dataclass(frozen=True)
class RankPoint:
    year: int
    rank: int
    out_of: int

    @property
    def label(self) -> str:
        return f"{ordinal(self.rank)} of {self.out_of}"


@dataclass(frozen=True)
class RankLine:
    name: str
    points: tuple[RankPoint, ...]


@dataclass(frozen=True)
class RankChart:
    """A drawn chart with its text alternative and the numbers for its table."""

    chart_id: str
    title: str
    lines: tuple[RankLine, ...]
    years: tuple[int, ...]
    summary: str
    svg: SafeString

    def rows(self) -> list[tuple[int, list[str]]]:
        """Per year, each line's "31st of 83" (or "" where it has no rank)."""
        by_line = [{point.year: point.label for point in line.points} for line in self.lines]
        return [(year, [labels.get(year, "") for labels in by_line]) for year in self.years]


class _RankShape(leather.Line):
    """A line with a dot at every rank, so a single edition still shows, classed for CSS."""

    def __init__(self, index: int, line: RankLine):
        super().__init__(stroke_color=SERIES_COLORS[index], width=3)
        self._css_class = f"series-{index + 1}"
        self._line = line

    def to_svg(self, width, height, x_scale, y_scale, series, palette):
        group = super().to_svg(width, height, x_scale, y_scale, series, palette)
        group.set("class", f"series lines {self._css_class}")
        for point in self._line.points:
            dot = ET.SubElement(
                group,
                "circle",
                cx=str(x_scale.project(point.year, 0, width)),
                cy=str(y_scale.project(-point.rank, height, 0)),
                r="5",
                fill=self._stroke_color,
            )
            ET.SubElement(dot, "title").text = f"{self._line.name}, {point.year}: {point.label}"
        return group

    def legend_to_svg(self, series, palette):
        # The legend is HTML beside the chart (it wraps on a phone; leather's does not).
        return iter(())


def _rank_ticks(worst: int) -> list[int]:
    """First place plus round numbers down to the worst rank shown, at most six ticks."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if worst / step <= 5:
            break
    bottom = -(-worst // step) * step
    return [1, *range(step, bottom + 1, step)] if step > 1 else list(range(1, bottom + 1))


def _summary(lines: tuple[RankLine, ...]) -> str:
    parts = []
    for line in lines:
        ranks = ", ".join(f"{point.label} in {point.year}" for point in line.points)
        parts.append(f"{line.name}: {ranks}.")
    return " ".join(parts)


def rank_chart(*, chart_id: str, title: str, lines: list[RankLine]) -> RankChart | None:
    """A chart of ranks over editions, or None when fewer than two years have ranks."""
    lines = tuple(line for line in lines[:MAX_SERIES] if line.points)
    years = tuple(sorted({point.year for line in lines for point in line.points}))
    if len(years) < 2:
        return None
    worst = max(point.rank for line in lines for point in line.points)
    ticks = _rank_ticks(worst)

    chart = leather.Chart()
    chart.set_x_scale(leather.Linear(years[0], years[-1]))
    chart.set_y_scale(leather.Linear(-ticks[-1], -1))
    chart.add_x_axis(ticks=list(years), tick_formatter=lambda value, index, count: str(value))
    chart.add_y_axis(
        ticks=[-tick for tick in ticks],
        tick_formatter=lambda value, index, count: ordinal(-value),
    )
    for index, line in enumerate(lines):
        series = leather.Series(
            [(point.year, -point.rank) for point in line.points], name=line.name
        )
        chart.add_series(series, _RankShape(index, line))

    summary = _summary(lines)
    root = ET.Element(
        "svg",
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {WIDTH} {HEIGHT}",
        role="img",
        focusable="false",
    )
    root.set("class", "rank-chart")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    ET.SubElement(root, "title", id=f"{chart_id}-title").text = title
    ET.SubElement(root, "desc", id=f"{chart_id}-desc").text = summary
    root.append(chart.to_svg_group(WIDTH, HEIGHT))
    return RankChart(
        chart_id=chart_id,
        title=title,
        lines=lines,
        years=years,
        summary=summary,
        # ElementTree escapes every name and number it writes.
        svg=mark_safe(ET.tostring(root, encoding="unicode")),
    )


def _points(rankings) -> tuple[RankPoint, ...]:
    return tuple(RankPoint(r.edition.year, r.rank, r.edition.countries_covered) for r in rankings)


def country_rank_charts(country, histories, *, draw=rank_chart) -> None:
    """Give each of a country's rank histories (``selectors.rank_history``) its chart, as
    `draw` makes it (``fragments.rank_chart`` gives the chart's HTML, cached)."""
    for history in histories:
        history.chart = draw(
            chart_id=f"rank-{history.indicator.slug}",
            title=f"{country.name} in the {history.indicator.name}, by edition",
            lines=[RankLine(name=country.name, points=_points(history.overall))],
        )


def comparison_lines(overall, countries) -> list[RankLine]:
    """One line per chosen country through an indicator's overall ranks, oldest first."""
    by_year = sorted(overall, key=lambda ranking: ranking.edition.year)
    return [
        RankLine(
            name=country.name,
            points=_points(ranking for ranking in by_year if ranking.country_id == country.pk),
        )
        for country in countries
    ]
