"""A CSV file edited cell by cell: every byte outside the filled cells stays as it was.

Platforms import their own exported gradebook back, so the file must keep its delimiter,
encoding, byte-order mark, line endings and quoting; only the cells given change. The csv
module rewrites a whole file in its own dialect, so the cells are found here by their offsets.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass

DELIMITERS = ",;\t"


class SheetError(ValueError):
    """A gradebook cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Cell:
    """A cell's value and where its raw text (quotes included) lies in the file's text."""

    value: str
    start: int
    end: int
    quoted: bool


@dataclass(frozen=True)
class Sheet:
    """A decoded CSV file with every cell's place, ready to fill some cells."""

    text: str
    encoding: str  # "utf-8-sig" keeps a byte-order mark
    delimiter: str
    rows: tuple[tuple[Cell, ...], ...]

    def value(self, row: int, column: int) -> str:
        """Return a cell's value, or "" for a cell the row does not reach."""
        cells = self.rows[row]
        return cells[column].value if column < len(cells) else ""

    def filled(self, values: dict[tuple[int, int], str]) -> bytes:
        """Return the file's bytes with the given (row, column) cells set, the rest untouched."""
        edits: list[tuple[int, int, str]] = []
        for (row, column), value in values.items():
            cells = self.rows[row]
            if column < len(cells):
                cell = cells[column]
                edits.append((cell.start, cell.end, self._quote(value, cell.quoted)))
            else:  # a short row: add the missing cells at its end
                missing = self.delimiter * (column - len(cells) + 1)
                end = cells[-1].end
                edits.append((end, end, missing + self._quote(value, False)))
        text = self.text
        for start, end, raw in sorted(edits, reverse=True):
            text = text[:start] + raw + text[end:]
        return text.encode(self.encoding)

    def _quote(self, value: str, quoted: bool) -> str:
        """Quote a value as its cell was quoted, or where the value needs it."""
        if quoted or any(c in value for c in (self.delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value


def read_sheet(data: bytes, source: str) -> Sheet:
    """Decode a CSV file (UTF-8 with or without BOM, else Windows-1252) and find its cells."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SheetError(f"{source}: is UTF-16 text; export it again as CSV (UTF-8)")
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise SheetError(f"{source}: is neither UTF-8 nor Windows-1252 text") from error
    if not text.strip():
        raise SheetError(f"{source}: is empty")
    header = text.splitlines()[0]
    try:
        delimiter = csv.Sniffer().sniff(header, DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    return Sheet(text, encoding, delimiter, tuple(_rows(text, delimiter, source)))


def _rows(text: str, delimiter: str, source: str) -> list[tuple[Cell, ...]]:
    """Split CSV text into rows of cells with their offsets (RFC 4180 quoting)."""
    rows: list[tuple[Cell, ...]] = []
    cells: list[Cell] = []
    i, size = 0, len(text)
    while i < size:
        start = i
        if text[i] == '"':
            i += 1
            parts = []
            while True:
                close = text.find('"', i)
                if close < 0:
                    raise SheetError(f"{source}: a quoted cell is never closed")
                parts.append(text[i:close])
                if text.startswith('""', close):
                    parts.append('"')
                    i = close + 2
                    continue
                i = close + 1
                break
            cells.append(Cell("".join(parts), start, i, True))
        else:
            while i < size and text[i] not in (delimiter, "\n", "\r"):
                i += 1
            cells.append(Cell(text[start:i], start, i, False))
        if i < size and text[i] == delimiter:
            i += 1
            if i == size or text[i] in "\r\n":  # a trailing delimiter ends in an empty cell
                cells.append(Cell("", i, i, False))
            continue
        i += 2 if text.startswith("\r\n", i) else 1
        rows.append(tuple(cells))
        cells = []
    if cells:
        rows.append(tuple(cells))
    return [row for row in rows if any(c.value for c in row) or len(row) > 1]
