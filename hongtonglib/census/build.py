"""Build the compact census tables from the raw workbooks.

One step in three parts, as every build step here: load the raw workbook (openpyxl, read-only),
process it with the column map (``data/census/column_map.yaml``), save a deterministic
``county_<year>.csv.gz`` plus a log of the rows and cells that were not kept.

Every row with an administrative code is kept (country, provinces, prefectures and
counties), with its level. Rows without a code (subtotals such as 市辖区, development zones),
cells that are not numbers (upstream damage such as ``'8842      30'``) and fractions in
count columns (a few 2010 cells hold what look like percentages) become missing and are
listed in ``data/census/build_log.csv`` instead of being guessed at.

Examples
--------
>>> from hongtonglib.census.build import build_census_tables
>>> written = build_census_tables()  # doctest: +SKIP

"""

from __future__ import annotations

import gzip
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from hongtonglib import paths
from hongtonglib.census.columns import CENSUS_YEARS, ID_COLUMNS, ColumnMap, load_column_map
from hongtonglib.fileio import atomic_write_bytes, atomic_write_csv

logger = logging.getLogger(__name__)

RAW_WORKBOOKS: dict[int, str] = {
    2010: "census_county_2010_v1.xlsx",
    2020: "census_county_2020_v1.xlsx",
}
"""File names of the raw workbooks in ``data/raw/census/``."""

LOG_COLUMNS: tuple[str, ...] = (
    "year",
    "raw_row",
    "region_code",
    "name_zh",
    "raw_column",
    "raw_value",
    "action",
)


@dataclass
class CensusBuild:
    """Result of building one year's table: the frame and what was left out."""

    year: int
    table: pd.DataFrame
    log: list[dict[str, Any]] = field(default_factory=list)


def read_workbook_rows(path: Path, sheet: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Return the header and the data rows of one worksheet, values only.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file.
    sheet : str
        The worksheet name.

    """
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook[sheet].iter_rows(values_only=True)
        header = [str(cell) if cell is not None else "" for cell in next(rows)]
        return header, list(rows)
    finally:
        workbook.close()


def classify_level(region_code: str) -> str:
    """Return ``country``, ``province``, ``prefecture`` or ``county`` for a 6-digit code.

    Examples
    --------
    >>> [classify_level(c) for c in ("000000", "140000", "141000", "141024")]
    ['country', 'province', 'prefecture', 'county']

    """
    if region_code == "000000":
        return "country"
    if region_code.endswith("0000"):
        return "province"
    if region_code.endswith("00"):
        return "prefecture"
    return "county"


def normalize_code(raw: Any) -> str | None:
    """Return a raw 区划代码 cell as a 6-digit string, or None when it holds no code.

    Examples
    --------
    >>> normalize_code(141024.0), normalize_code(141024), normalize_code("NA")
    ('141024', '141024', None)

    """
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, float):
        if math.isnan(raw) or not raw.is_integer():
            return None
        raw = int(raw)
    if isinstance(raw, int):
        return f"{raw:06d}" if 0 <= raw < 1_000_000 else None
    text = str(raw).strip()
    return text if len(text) == 6 and text.isdigit() else None


def parse_cell(raw: Any, kind: str, missing_markers: tuple[str, ...]) -> tuple[Any, str]:
    """Return ``(value, problem)`` for one data cell; ``problem`` is ``""`` when it reads well.

    Missing cells and missing markers give ``(None, "")``. Text that is not a number gives
    ``(None, "cell_not_a_number")`` and a fraction in a count column gives
    ``(None, "cell_not_a_whole_number")``, so that the caller logs them. Counts come back as
    ``int``.

    Examples
    --------
    >>> parse_cell(12.0, "count", ("NA",)), parse_cell("NA", "count", ("NA",))
    ((12, ''), (None, ''))
    >>> parse_cell("8842   30", "count", ("NA",))
    (None, 'cell_not_a_number')

    """
    if raw is None:
        return None, ""
    if isinstance(raw, str):
        text = raw.strip()
        if text == "" or text in missing_markers:
            return None, ""
        try:
            raw = float(text)
        except ValueError:
            return None, "cell_not_a_number"
    if isinstance(raw, bool):
        return None, "cell_not_a_number"
    number = float(raw)
    if kind == "count":
        if not number.is_integer():
            return None, "cell_not_a_whole_number"
        return int(number), ""
    return number, ""


def build_census_table(
    year: int, raw_path: Path | None = None, column_map: ColumnMap | None = None
) -> CensusBuild:
    """Read one raw census workbook and return the compact table and the build log.

    Parameters
    ----------
    year : int
        2010 or 2020.
    raw_path : Path, optional
        The workbook; defaults to ``data/raw/census/<RAW_WORKBOOKS[year]>``.
    column_map : ColumnMap, optional
        The mapping; defaults to ``data/census/column_map.yaml``.

    """
    if year not in CENSUS_YEARS:
        raise ValueError(f"no census table for {year}; expected one of {CENSUS_YEARS}")
    column_map = column_map or load_column_map()
    raw_path = raw_path or paths.raw_source_dir("census") / RAW_WORKBOOKS[year]
    header, rows = read_workbook_rows(raw_path, column_map.sheet(year))
    result = CensusBuild(year=year, table=pd.DataFrame())
    records = _extract_records(year, header, rows, column_map, result.log)
    result.table = _assemble_table(records, column_map)
    logger.info("census %s: %d rows kept, %d log entries", year, len(records), len(result.log))
    return result


def _extract_records(
    year: int,
    header: list[str],
    rows: list[tuple[Any, ...]],
    column_map: ColumnMap,
    log: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    position = {name: index for index, name in enumerate(header)}
    missing = [c.raw_header(year) for c in column_map.columns if c.raw_header(year) is not None]
    absent = [name for name in missing if name not in position]
    if absent:
        raise ValueError(f"census {year}: headers not found in the workbook: {absent}")
    code_at = position[column_map.code_column(year)]
    name_at = position[column_map.name_column(year)]
    records = []
    for offset, row in enumerate(rows):
        raw_row = offset + 2  # spreadsheet row number: header is row 1
        name = str(row[name_at]).strip() if row[name_at] is not None else ""
        code = normalize_code(row[code_at]) or column_map.codes_for_uncoded_rows.get(name)
        if code is None:
            action = "row_dropped_blank" if not any(row) else "row_dropped_no_code"
            log.append(_log_entry(year, raw_row, "", name, "", "", action))
            continue
        record: dict[str, Any] = {"region_code": code, "name_zh": name, "raw_row": raw_row}
        for column in column_map.columns:
            header_name = column.raw_header(year)
            if header_name is None:
                record[column.name] = None
                continue
            raw = row[position[header_name]]
            value, problem = parse_cell(raw, column.kind, column_map.missing_markers)
            if problem:
                log.append(_log_entry(year, raw_row, code, name, header_name, raw, problem))
            record[column.name] = value
        records.append(record)
    return records


def _assemble_table(records: list[dict[str, Any]], column_map: ColumnMap) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records)
    names = dict(zip(frame["region_code"], frame["name_zh"], strict=True))
    frame["level"] = frame["region_code"].map(classify_level)
    province = frame["region_code"].str[:2] + "0000"
    prefecture = frame["region_code"].str[:4] + "00"
    is_country = frame["level"] == "country"
    frame["province_code"] = province.where(~is_country & province.isin(names.keys()), "")
    below_province = frame["level"].isin(["prefecture", "county"])
    has_prefecture = below_province & prefecture.isin(names.keys())
    frame["prefecture_code"] = prefecture.where(has_prefecture, "")
    frame["province_zh"] = frame["province_code"].map(names).fillna("")
    frame["prefecture_zh"] = frame["prefecture_code"].map(names).fillna("")
    for column in column_map.columns:
        dtype = "Int64" if column.kind == "count" else "float64"
        frame[column.name] = pd.array(frame[column.name].tolist(), dtype=dtype)
    return frame[list(ID_COLUMNS) + column_map.column_names()]


def _log_entry(
    year: int, raw_row: int, code: str, name: str, column: str, raw: Any, action: str
) -> dict[str, Any]:
    raw_value = "" if raw is None else str(raw)
    return dict(
        zip(LOG_COLUMNS, (year, raw_row, code, name, column, raw_value, action), strict=True)
    )


def frame_to_gzip_bytes(frame: pd.DataFrame) -> bytes:
    """Return ``frame`` as CSV compressed with a fixed gzip header, so builds are byte-stable."""
    text = frame.to_csv(index=False, lineterminator="\n")
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def build_census_tables(out_dir: Path | None = None, raw_dir: Path | None = None) -> list[Path]:
    """Build both compact census tables and the build log; return the files written.

    Parameters
    ----------
    out_dir : Path, optional
        Output folder; defaults to ``data/census/``.
    raw_dir : Path, optional
        Folder of the raw workbooks; defaults to ``data/raw/census/``.

    """
    out_dir = out_dir or paths.census_dir()
    raw_dir = raw_dir or paths.raw_source_dir("census")
    written: list[Path] = []
    log: list[dict[str, Any]] = []
    for year in CENSUS_YEARS:
        result = build_census_table(year, raw_dir / RAW_WORKBOOKS[year])
        target = out_dir / f"county_{year}.csv.gz"
        atomic_write_bytes(target, frame_to_gzip_bytes(result.table))
        written.append(target)
        log.extend(result.log)
    log_path = out_dir / "build_log.csv"
    written.append(atomic_write_csv(log_path, pd.DataFrame(log, columns=list(LOG_COLUMNS))))
    return written
