"""Reading an uploaded file into a table, refusing what cannot be imported safely.

Every refusal is an ``ImportFileError`` whose message says what is wrong and what
to do, so the admin can show it next to the file field and the command can print
it. Nothing here touches the database.
"""

import csv
import io
import zipfile
from decimal import Decimal, InvalidOperation

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from import_export.formats import base_formats

CSV_DELIMITERS = (",", ";", "\t")
# A cell a spreadsheet would run as a formula (CSV injection); numbers such as -3 are fine.
FORMULA_PREFIXES = ("=", "+", "-", "@")


class ImportFileError(ValueError):
    """A file that cannot be imported; the message is for the editor."""


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def check_size(size: int) -> None:
    if size > max_bytes():
        raise ImportFileError(
            f"The file is {_size(size)}; the largest accepted is {_size(max_bytes())}. "
            "Split it into smaller files."
        )


def _size(size: int) -> str:
    return filesizeformat(size).replace("\xa0", " ")


def read_dataset(data: bytes, file_name: str) -> tablib.Dataset:
    """The file's first sheet (XLSX) or its text (CSV) as a Dataset with stripped headers."""
    check_size(len(data))
    if not data.strip():
        raise ImportFileError("The file is empty: it needs a header row and at least one row.")
    if data[:4] == b"PK\x03\x04" or file_name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    return _dataset(rows)


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")  # a byte order mark, as Excel writes, is accepted
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            'Save it as "CSV UTF-8" or as an Excel workbook (.xlsx) and try again.'
        ) from None
    if "\x00" in text:
        raise ImportFileError(
            "The file holds binary data, not text. Upload a CSV (UTF-8) or an .xlsx workbook."
        )
    header = text.lstrip().split("\n", 1)[0]
    # Excel in many European locales separates with semicolons: accept them, and tabs.
    delimiter = max(CSV_DELIMITERS, key=header.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes):
    import openpyxl

    try:
        # Not data_only: a formula must be seen as a formula, to be refused.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise ImportFileError(
            f"The file cannot be read as an Excel workbook ({error}). "
            "Save it again as .xlsx, or as CSV UTF-8."
        ) from None
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        yield ["" if value is None else value for value in row]
    workbook.close()


def _dataset(rows) -> tablib.Dataset:
    limit = max_rows()
    rows = iter(rows)
    header = None
    for row in rows:
        if any(_text(cell) for cell in row):
            header = [_text(cell) for cell in row]
            break
    if header is None:
        raise ImportFileError("The file is empty: it needs a header row and at least one row.")
    while header and not header[-1]:
        header.pop()
    if "" in header:
        raise ImportFileError(
            f"Column {header.index('') + 1} has no name in the header row; name it or delete it."
        )
    dataset = tablib.Dataset(headers=header)
    width = len(header)
    for row in rows:
        row = list(row)
        if not any(_text(cell) for cell in row):
            continue  # blank lines, often at the end of a sheet
        extra = [cell for cell in row[width:] if _text(cell)]
        if extra:
            raise ImportFileError(
                f"Row {_line(dataset)} has more cells than the header has columns."
            )
        if len(dataset) >= limit:
            raise ImportFileError(
                f"The file has more than {limit:,} rows, the most one import takes "
                "(the IMPORT_MAX_ROWS setting). Split it into smaller files."
            )
        row = (row + [""] * width)[:width]
        dataset.append([cell.strip() if isinstance(cell, str) else cell for cell in row])
    if not len(dataset):
        raise ImportFileError("The file has a header row but no rows to import.")
    return dataset


def _line(dataset) -> int:
    """The spreadsheet row number of the next row: the header is row 1."""
    return len(dataset) + 2


def _text(cell) -> str:
    return "" if cell is None else str(cell).strip()


def check_cells(dataset: tablib.Dataset) -> None:
    """Refuse formulas and rows given twice, naming the rows and columns."""
    seen: dict[tuple, int] = {}
    for index, row in enumerate(dataset):
        line = index + 2
        for column, cell in zip(dataset.headers, row, strict=False):
            if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES) and not _number(cell):
                raise ImportFileError(
                    f'Row {line}, column "{column}": {cell[:40]!r} would run as a formula in a '
                    "spreadsheet, so it is refused. Type the value itself, or remove the "
                    f"leading {cell[0]!r}."
                )
        key = tuple(_text(cell) for cell in row)
        if key in seen:
            raise ImportFileError(
                f"Row {line} repeats row {seen[key]} exactly; remove one of them."
            )
        seen[key] = line


def _number(text: str) -> bool:
    try:
        Decimal(text.replace(",", ""))
    except InvalidOperation:
        return False
    return True


class CSVFormat(base_formats.CSV):
    """CSV for import-export, read by ``read_dataset``: bytes in, every check applied."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(_bytes(in_stream), "upload.csv")


class XLSXFormat(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        return read_dataset(_bytes(in_stream), "upload.xlsx")


def _bytes(in_stream) -> bytes:
    return in_stream.encode("utf-8") if isinstance(in_stream, str) else bytes(in_stream)


IMPORT_FORMATS = [CSVFormat, XLSXFormat]
EXPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]
