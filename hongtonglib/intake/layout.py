"""The file contract of a department workbook: version, sheets, columns, metadata keys.

The template writer and the submission reader both take every name from here, so the two
cannot drift apart. A change to anything here that an old workbook would not satisfy must
change :data:`TEMPLATE_VERSION`; a workbook of another version is refused.

Examples
--------
>>> TEMPLATE_VERSION
'hongtong-intake/1'
>>> column_by_key("value").header
'数值'
>>> [c.key for c in COLUMNS if c.required]
['indicator_id', 'year', 'value']
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

TEMPLATE_VERSION = "hongtong-intake/1"
"""Version written into every template and required of every submitted workbook."""

DATA_SHEET = "数据填报"
"""The sheet departments fill in."""
INSTRUCTIONS_SHEET = "填表说明"
"""The sheet of instructions (Chinese)."""
META_SHEET = "_meta"
"""The veryHidden sheet of key/value metadata."""

TITLE_ROW = 1
"""Row of the data sheet's title."""
HEADER_ROW = 2
"""Row of the column headers in a fresh template."""
HEADER_SEARCH_ROWS = 10
"""The reader looks for the header row in this many top rows (staff insert rows)."""

META_TEMPLATE_VERSION = "template_version"
META_DEPARTMENT_ID = "department_id"
META_DEPARTMENT_NAME = "department_name_zh"
META_REGION_CODE = "region_code"
META_GENERATED_AT = "generated_at"
META_YEARS = "years"
META_DATA_SHEET = "data_sheet"
META_ROUND_ID = "round_id"
"""Set only in a round's template: the round the workbook answers."""
META_ROUND_YEAR = "round_year"
"""Set only in a round's template: the round's year."""
META_ROW_KEY = "row_key"
"""Repeated key: one ``indicator_id|year`` per row the template offers."""

CUSTOM_PROPERTY_PREFIX = "hongtong_"
"""Prefix of the workbook custom properties that repeat the main metadata."""


@dataclass(frozen=True)
class Column:
    """One column of the data sheet.

    Attributes
    ----------
    key : str
        Stable ASCII name used in code.
    header : str
        The Chinese header printed in the template and looked for on reading.
    width : float
        Column width in the template.
    required : bool
        Whether a submitted workbook must have this column.
    """

    key: str
    header: str
    width: float
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("indicator_id", "指标代码", 34, required=True),
    Column("name_zh", "指标名称", 30),
    Column("unit", "单位", 8),
    Column("year", "年份", 8, required=True),
    Column("value", "数值", 14, required=True),
    Column("remark", "数据来源及备注", 32),
    Column("targets", "对应方案目标", 48),
    Column("bounds", "合理范围", 14),
    Column("definition", "指标解释", 70),
)
"""Columns of the data sheet, in template order."""

KNOWN_COLUMN = Column("known", "已有数值（只读）", 26)
"""A round template's read-only column: the value already known for the row's year."""
HISTORY_COLUMN = Column("earlier", "往年数值（只读）", 34)
"""A round template's read-only column: the indicator's known values of earlier years."""
ROUND_COLUMNS: tuple[Column, ...] = (
    *COLUMNS[:4],
    KNOWN_COLUMN,
    HISTORY_COLUMN,
    *COLUMNS[4:],
)
"""Columns of a round's data sheet: the read-only columns stand just before the input cells.

The reader finds columns by header, so a round template is read like any other; the read-only
columns are ignored on reading."""


def column_by_key(key: str) -> Column:
    """Return the column whose key is ``key``."""
    for column in COLUMNS:
        if column.key == key:
            return column
    raise KeyError(key)


def normalise_header(text: object) -> str:
    r"""Return a header cell's text without spaces and with full-width forms folded.

    >>> normalise_header(" 数 值\n")
    '数值'
    """
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))
    return "".join(folded.split())


def row_key(indicator_id: str, year: int) -> str:
    """Return the key of one template row.

    >>> row_key("urbanization_rate_pct", 2024)
    'urbanization_rate_pct|2024'
    """
    return f"{indicator_id}|{year}"


def parse_years(text: str) -> tuple[int, ...]:
    """Parse a year range ``2018-2025`` (or a single year) into the years it covers.

    >>> parse_years("2023-2025")
    (2023, 2024, 2025)
    >>> parse_years("2024")
    (2024,)
    """
    folded = unicodedata.normalize("NFKC", text).strip().replace("—", "-").replace("–", "-")
    first, _, last = folded.partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError:
        raise ValueError(f"years must look like 2018-2025, not {text!r}") from None
    if not (1949 <= start <= end <= 2100):
        raise ValueError(f"year range {text!r} must run forward within 1949-2100")
    return tuple(range(start, end + 1))


def format_years(years: tuple[int, ...]) -> str:
    """Return ``first-last`` for a run of years.

    >>> format_years((2018, 2019, 2020))
    '2018-2020'
    """
    return f"{min(years)}-{max(years)}"
