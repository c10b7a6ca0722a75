"""How long an import of many ranking rows takes to preview and to save, and in how many queries.

Run by ``manage.py benchmark_import`` (``make bench-import``) on a throwaway
database, as ``manage.py benchmark`` does. It writes one edition covering all 249
countries, and a CSV of N ranks on it (every country on as many pillars as N
needs), then times reading the file, the preview (a dry run: every row checked,
nothing kept) and the import (saved as one revision with its ImportBatch), and
counts their queries at N and at a tenth of N: reads are made once per import and
writes in batches of 1,000, so the count grows by a few queries per thousand rows,
never per row.
"""

import csv
import io
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..imports.files import read_dataset
from ..imports.resources import RankingResource, row_errors
from ..models import Country, Indicator, IndicatorEdition, Organization, Ranking, Source
from .benchmark import throwaway_database

TARGET_SECONDS = 60


@dataclass
class Phase:
    rows: int
    name: str
    seconds: float
    queries: int


def ranking_csv(rows: int) -> bytes:
    codes = list(Country.objects.order_by("iso3").values_list("iso3", flat=True))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["country", "rank", "score", "pillar"])
    for index in range(rows):
        pillar, position = divmod(index, len(codes))
        writer.writerow(
            [codes[position], position + 1, f"{100 - position * 0.4:.1f}", f"Pillar {pillar + 1}"]
        )
    return out.getvalue().encode("utf-8")


def _edition() -> tuple[IndicatorEdition, Source]:
    publisher = Organization.objects.create(
        name="Benchmark publisher", slug="benchmark-publisher", kind="media"
    )
    indicator = Indicator.objects.create(
        name="Benchmark index", slug="benchmark-index", publisher=publisher
    )
    source = Source.objects.create(url="https://example.org/benchmark-index", title="Index")
    edition = IndicatorEdition.objects.create(
        indicator=indicator, year=2024, countries_covered=Country.objects.count(), source=source
    )
    return edition, source


def _timed(rows: int, name: str, action: Callable) -> tuple[Phase, object]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        value = action()
        seconds = time.perf_counter() - started
    return Phase(rows, name, seconds, len(queries)), value


def measure(rows: int, edition: IndicatorEdition, source: Source) -> list[Phase]:
    Ranking.objects.filter(edition=edition).delete()
    data = ranking_csv(rows)
    phases = []
    read, dataset = _timed(rows, "read the file", lambda: read_dataset(data, "ranks.csv"))
    phases.append(read)
    for name, dry_run in (("preview", True), ("import and save", False)):
        phase, result = _timed(
            rows,
            name,
            lambda dry_run=dry_run: RankingResource(edition=edition, source=source).import_data(
                dataset, dry_run=dry_run, file_name="ranks.csv"
            ),
        )
        problems = row_errors(result)
        if problems:
            raise RuntimeError(f"The benchmark file was refused: {problems[:3]}")
        phases.append(phase)
    if Ranking.objects.filter(edition=edition).count() != rows:
        raise RuntimeError("The import did not save every row.")
    return phases


def run(*, rows: int = 10_000, progress: Callable[[str], None] = lambda _: None) -> list[Phase]:
    progress(f"Creating a throwaway {connection.vendor} database")
    with throwaway_database():
        edition, source = _edition()
        phases = []
        for size in (max(rows // 10, 1), rows):
            progress(f"Importing {size:,} ranking rows")
            phases += measure(size, edition, source)
        return phases


def format_table(phases: list[Phase]) -> str:
    lines = [
        f"Import of ranking rows on {connection.vendor} (target: preview and save each under "
        f"{TARGET_SECONDS} s)",
        "",
        f"{'rows':>8}  {'phase':<16} {'seconds':>8} {'queries':>8}",
    ]
    lines += [
        f"{phase.rows:>8,}  {phase.name:<16} {phase.seconds:>8.1f} {phase.queries:>8}"
        for phase in phases
    ]
    return "\n".join(lines)


def missed_target(phases: list[Phase]) -> bool:
    return any(phase.seconds > TARGET_SECONDS for phase in phases)
