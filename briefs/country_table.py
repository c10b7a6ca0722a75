"""The committed country table, `briefs/data/countries.csv`, and how it is read and written.

Migration 0002 creates the countries from this file alone, so what a fresh
database gets changes only when someone reruns `manage.py generate_country_data`
(which builds the rows from the libraries, see `briefs.countries_data`) and
commits the reviewed diff, never because a library was upgraded. Nothing here
imports those libraries.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from operator import attrgetter
from pathlib import Path

COUNTRIES_CSV = Path(__file__).resolve().parent / "data" / "countries.csv"


@dataclass(frozen=True)
class CountryRecord:
    iso2: str
    iso3: str
    numeric_code: str
    name: str
    official_name: str
    slug: str
    region: str
    sub_region: str


COLUMNS = tuple(field.name for field in fields(CountryRecord))


def countries_csv(records: Iterable[CountryRecord]) -> str:
    """The file's exact text: a header, then one country a line by ISO alpha-2.

    Sorted and with plain newlines, so a regenerated file diffs line by line.
    """
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(astuple(record) for record in sorted(records, key=attrgetter("iso2")))
    return text.getvalue()


def read_countries(path: Path = COUNTRIES_CSV) -> list[CountryRecord]:
    with path.open(encoding="utf-8", newline="") as file:
        return [CountryRecord(**row) for row in csv.DictReader(file)]
