"""Size limits of a submitted workbook, checked before openpyxl reads it.

An ``.xlsx`` is a zip of XML parts. openpyxl holds the whole workbook in memory (about 10 KB
per filled row, twice: values and formulas), so a hostile or mistaken file can exhaust the
machine: a 1.1 MB file whose sheet expands to 1.1 GB, or 100,000 rows. The real templates are
under 100 KB with at most about 1,100 rows (the statistics department, 31 years). So, before
loading, :func:`check_workbook_limits` refuses a file

- larger than :data:`MAX_FILE_BYTES` on disk;
- whose parts together expand beyond :data:`MAX_UNCOMPRESSED_BYTES`, or one part of which
  expands more than :data:`MAX_COMPRESSION_RATIO` times (a zip bomb), judged from the zip's
  directory and then by streaming (a directory can lie), never by expanding it in memory;
- with a worksheet of more than :data:`MAX_ROWS_PER_SHEET` rows, counted by streaming the
  sheet's XML.

:data:`MAX_CELL_CHARS` bounds the text of one cell (checked while reading rows) and
:data:`MAX_PRINTED_ISSUES` the problems a report prints (the rest are summarised by kind).

Examples
--------
>>> MAX_ROWS_PER_SHEET >= 1200
True
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from hongtonglib.intake.issues import IntakeIssue

MAX_FILE_BYTES = 10 * 1024 * 1024
"""Largest workbook file accepted (the largest real template is about 70 KB)."""
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
"""Largest total size of the workbook's parts once expanded."""
MAX_COMPRESSION_RATIO = 200
"""Largest expansion of one part larger than 1 MB expanded (spreadsheet XML reaches ~20-50)."""
MAX_ROWS_PER_SHEET = 10_000
"""Most rows a worksheet may have (the largest template has about 1,100)."""
MAX_CELL_CHARS = 2_000
"""Longest text of one cell (a remark; Excel's own limit is 32,767)."""
MAX_PRINTED_ISSUES = 50
"""Problems a report prints one by one; the rest are counted by kind."""

_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>]")
_CHUNK = 1 << 16


class LimitExceeded(Exception):
    """The workbook exceeds a limit; ``issue`` says which."""

    def __init__(self, issue: IntakeIssue):
        super().__init__(issue.message)
        self.issue = issue


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _stream_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> tuple[int, int]:
    """Expand one part by streaming; return (bytes, rows), stopping past ``budget`` bytes."""
    size = rows = 0
    tail = b""
    is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if is_sheet:
                window = tail + chunk
                rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                tail = window[-16:]
                if rows > MAX_ROWS_PER_SHEET:
                    break
            if size > budget:
                break
    return size, rows


def check_workbook_limits(path: Path) -> None:
    """Refuse a workbook that is too large, expands too much or has too many rows.

    Raises
    ------
    LimitExceeded
        With the issue naming the limit and what was found.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise LimitExceeded(
            IntakeIssue.make(
                "file_too_large", size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES)
            )
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            declared = sum(info.file_size for info in infos)
            if declared > MAX_UNCOMPRESSED_BYTES:
                raise _expands(declared)
            total = 0
            for info in infos:
                budget = MAX_UNCOMPRESSED_BYTES - total
                expanded, rows = _stream_part(archive, info, budget)
                total += expanded
                if total > MAX_UNCOMPRESSED_BYTES:
                    raise _expands(total)
                ratio = expanded / max(info.compress_size, 1)
                if expanded > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
                    raise LimitExceeded(
                        IntakeIssue.make(
                            "file_compression_ratio",
                            part=info.filename,
                            ratio=f"{ratio:.0f}",
                            limit=MAX_COMPRESSION_RATIO,
                        )
                    )
                if rows > MAX_ROWS_PER_SHEET:
                    raise LimitExceeded(
                        IntakeIssue.make(
                            "sheet_too_many_rows",
                            part=info.filename,
                            rows=f"{MAX_ROWS_PER_SHEET:,}+",
                            limit=f"{MAX_ROWS_PER_SHEET:,}",
                        )
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise LimitExceeded(IntakeIssue.make("file_corrupt", detail=str(error)[:200])) from None


def _expands(size: int) -> LimitExceeded:
    return LimitExceeded(
        IntakeIssue.make(
            "file_expands_too_much",
            size=_megabytes(size),
            limit=_megabytes(MAX_UNCOMPRESSED_BYTES),
        )
    )
