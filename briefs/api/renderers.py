"""CSV for the cited tables (rankings, key figures, memberships), each at ``<list>/csv/``.

One row per object and one column per field, nested objects flattened into dotted
names (``country.iso2``, ``source.document_url``), so every row carries its source.
A list inside a row (a membership's sources) becomes one column per field with the
values joined by " | ". Text that a spreadsheet would run as a formula (starting
with =, +, -, @) is prefixed with an apostrophe; numbers are left as they are.
"""

import csv
import io

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

LIST_SEPARATOR = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_columns(serializer: serializers.Serializer, prefix: str = "") -> list[str]:
    """The dotted column names of a serializer's (possibly nested) fields, in order."""
    columns = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            columns += csv_columns(field, f"{prefix}{name}.")
        else:
            columns.append(f"{prefix}{name}")
    return columns


def flatten(value, prefix: str = "") -> dict:
    if isinstance(value, dict):
        flat = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}{key}."))
        return flat
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        rows = [flatten(item, prefix) for item in value]
        keys = dict.fromkeys(key for row in rows for key in row)
        return {key: LIST_SEPARATOR.join(cell(row.get(key)) for row in rows) for key in keys}
    return {prefix.rstrip("."): value}


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escaped(value) if isinstance(value, str) else str(value)


def escaped(text: str) -> str:
    """Text as a spreadsheet may show it: a formula gets a leading apostrophe."""
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        columns = context.get("csv_columns") or []
        rows = data if isinstance(data, list) else [data]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            flat = flatten(row)
            writer.writerow([cell(flat.get(column)) for column in columns])
        response = context.get("response")
        filename = context.get("csv_filename")
        if response is not None and filename:
            response["Content-Disposition"] = f'inline; filename="{filename}"'
        return buffer.getvalue().encode(self.charset)
