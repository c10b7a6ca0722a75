"""Downloads of the site's data tables, in the manner of Our World in Data.

A ``DataTable`` is one table exactly as a page shows it: its columns (with a
dictionary of what each means), its rows, the sources behind them, when it last
changed and where it lives. This module writes any such table as CSV, XLSX, a
``.metadata.json`` sidecar, or a zip of the CSV, the metadata and a README; the
tables themselves are defined in ``tables.py``.

Text a spreadsheet would run as a formula is written with a leading apostrophe
(the API's CSV rule, ``api.renderers.cell``), in the CSV and the XLSX alike.
"""

import csv
import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from openpyxl import Workbook
from openpyxl.styles import Font

from . import citation
from .api.renderers import cell

# The formats a table downloads in: the URL suffix, then the content type.
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "metadata.json": "application/json",
    "zip": "application/zip",
}
FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
    "metadata.json": "Metadata (JSON)",
    "zip": "Zip: CSV, metadata and README",
}


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    type: str = "string"  # string, integer, number, date, url


class DataTable:
    """One downloadable table. `rows` is a callable, so a page that only links to the
    download does not build the rows twice; `sources` are the Source rows behind them."""

    def __init__(
        self,
        *,
        name: str,
        title: str,
        description: str,
        columns: list[Column],
        rows,
        sources,
        updated_at: datetime.datetime | None,
        page_url: str,
        url_name: str,
        url_kwargs: dict | None = None,
        query: str = "",
    ):
        self.name = name
        self.title = title
        self.description = description
        self.columns = columns
        self._rows = rows
        self._sources = sources
        self.updated_at = updated_at
        self.page_url = page_url
        self.url_name = url_name
        self.url_kwargs = url_kwargs or {}
        self.query = query

    @cached_property
    def rows(self) -> list[tuple]:
        return list(self._rows())

    @cached_property
    def sources(self) -> list:
        """The distinct sources, in the order the rows first cite them."""
        return list({source.pk: source for source in self._sources() if source}.values())

    @property
    def third_party(self) -> bool:
        """Whether the rows rest on others' data, so their licences matter as well as ours."""
        return bool(self.sources)

    @property
    def publishers(self) -> list[str]:
        names = (source.publisher.name for source in self.sources if source.publisher_id)
        return list(dict.fromkeys(names))

    def download_url(self, fmt: str) -> str:
        url = reverse(self.url_name, kwargs={**self.url_kwargs, "fmt": fmt})
        return f"{url}?{self.query}" if self.query else url

    def downloads(self) -> list[tuple[str, str, str]]:
        """(format, label, URL) for each format, for the page's download links."""
        return [(fmt, FORMAT_LABELS[fmt], self.download_url(fmt)) for fmt in FORMATS]

    def citation(self, request) -> citation.Citation:
        return citation.for_page(
            _PageRequest(request, self.page_url),
            title=self.title,
            updated=self.updated_at,
            data_from=self.publishers,
        )


class _PageRequest:
    """The request as seen from the table's page, so a download cites the page."""

    def __init__(self, request, path: str):
        self._request, self.path = request, path

    def build_absolute_uri(self, path: str) -> str:
        return self._request.build_absolute_uri(path)


def last_updated(*times) -> datetime.datetime | None:
    times = [time for time in times if time]
    return max(times) if times else None


def as_csv(table: DataTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.name for column in table.columns)
    for row in table.rows:
        writer.writerow(cell(value) for value in row)
    return buffer.getvalue()


def _xlsx_value(value):
    if value is None or isinstance(value, (int, float, datetime.date)):
        return value
    if isinstance(value, Decimal):
        # A spreadsheet number holds 15 significant digits; larger values stay exact as text.
        return float(value) if abs(value) < 10**15 else str(value)
    return cell(value)


def as_xlsx(table: DataTable, request) -> bytes:
    """A workbook: the table on the first sheet, the metadata (sources, licence,
    citation and the column dictionary) on a second."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append([column.name for column in table.columns])
    for header in sheet[1]:
        header.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_xlsx_value(value) for value in row])
    sheet.freeze_panes = "A2"

    about = workbook.create_sheet("about")
    meta = metadata(table, request)
    for label, value in (
        ("Title", meta["title"]),
        ("Description", meta["description"]),
        ("Citation", meta["citation"]["full"]),
        ("Licence", f"{meta['licence']['name']} ({meta['licence']['url']})"),
        ("Licence note", meta["licence"]["note"]),
        ("Last updated", meta["last_updated"] or ""),
        ("Page", meta["page_url"]),
    ):
        about.append([label, cell(value)])
    about.append([])
    about.append(["Sources", "URL", "Publisher", "Licence"])
    for source in meta["sources"]:
        about.append(
            [cell(source["title"]), source["url"], cell(source["publisher"]), source["licence"]]
        )
    about.append([])
    about.append(["Column", "Title", "Description", "Type"])
    for column in meta["columns"]:
        about.append(
            [column["name"], cell(column["title"]), cell(column["description"]), column["type"]]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def metadata(table: DataTable, request) -> dict:
    """The sidecar: what the table is, where its numbers come from, how to reuse and cite it."""
    licence = citation.site_licence()
    cited = table.citation(request)
    return {
        "title": table.title,
        "description": table.description,
        "page_url": request.build_absolute_uri(table.page_url),
        "last_updated": table.updated_at.isoformat() if table.updated_at else None,
        "row_count": len(table.rows),
        "licence": {
            "name": licence.name,
            "url": licence.url,
            "note": (
                f"{settings.SITE_NAME} licenses its compilation under {licence.name}. "
                "Third-party data keeps its publisher's licence or terms, given for each "
                "source below; reuse it on those terms."
                if table.third_party
                else f"{settings.SITE_NAME} licenses this data under {licence.name}."
            ),
        },
        "third_party_data": table.third_party,
        "citation": cited.as_dict(),
        "sources": [_source_metadata(source, request) for source in table.sources],
        "columns": [
            {
                "name": column.name,
                "title": column.title,
                "description": column.description,
                "type": column.type,
            }
            for column in table.columns
        ],
    }


def _source_metadata(source, request) -> dict:
    return {
        "title": source.title,
        "url": source.url,
        "publisher": source.publisher.name if source.publisher_id else "",
        "published_on": source.published_on.isoformat() if source.published_on else None,
        "licence": source.licence_display,
        "licence_spdx": source.licence,
        "licence_url": source.licence_url,
        "page_url": request.build_absolute_uri(source.get_absolute_url()),
    }


def readme(table: DataTable, meta: dict) -> str:
    lines = [
        meta["title"],
        "=" * len(meta["title"]),
        "",
        meta["description"],
        "",
        f"Page: {meta['page_url']}",
        f"Last updated: {meta['last_updated'] or 'unknown'}",
        f"Rows: {meta['row_count']}",
        "",
        "Licence",
        "-------",
        f"{meta['licence']['name']}: {meta['licence']['url']}",
        meta["licence"]["note"],
        "",
        "How to cite",
        "-----------",
        meta["citation"]["full"],
        "",
        meta["citation"]["bibtex"],
        "",
        "Sources",
        "-------",
    ]
    for source in meta["sources"] or [{"title": "None: the site's own compilation."}]:
        lines.append(f"- {source['title']}")
        for key, label in (("publisher", "Publisher"), ("url", "URL"), ("licence", "Licence")):
            if source.get(key):
                lines.append(f"  {label}: {source[key]}")
    lines += ["", "Columns", "-------"]
    for column in meta["columns"]:
        lines.append(f"- {column['name']} ({column['type']}): {column['description']}")
    lines += [
        "",
        "Files",
        "-----",
        f"- {table.name}.csv: the table, UTF-8, comma-separated, one header row.",
        f"- {table.name}.metadata.json: this information, as JSON.",
        "",
    ]
    return "\n".join(lines)


def as_zip(table: DataTable, request) -> bytes:
    meta = metadata(table, request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{table.name}/{table.name}.csv", as_csv(table))
        archive.writestr(f"{table.name}/{table.name}.metadata.json", _json(meta))
        archive.writestr(f"{table.name}/README.md", readme(table, meta))
    return buffer.getvalue()


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def download_response(request, table: DataTable, fmt: str) -> HttpResponse:
    """The table in one of FORMATS, as an attachment named after it."""
    if fmt == "csv":
        body = as_csv(table).encode()
    elif fmt == "xlsx":
        body = as_xlsx(table, request)
    elif fmt == "metadata.json":
        body = _json(metadata(table, request)).encode()
    else:
        body = as_zip(table, request)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    response["Link"] = f'<{settings.SITE_LICENCE_URL}>; rel="license"'
    if table.updated_at:
        response["Last-Modified"] = _http_date(table.updated_at)
    return response


def _http_date(value: datetime.datetime) -> str:
    return http_date(value.timestamp())
