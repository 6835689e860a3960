r"""Read a number from what staff actually type into an Excel cell.

Rules, applied in this order (see ``docs/intake.md``):

1. Text is folded to half-width (NFKC: ``４６．５％`` → ``46.5%``) and every space removed.
2. An empty cell and the placeholders ``- — / 暂无 无数据 不适用 N/A`` mean "not supplied".
   ``无`` alone is ambiguous (zero, or no data?) and is refused.
3. Thousands separators must group three digits (``3,200`` → 3200); any other comma
   (``46,5``) is refused rather than guessed.
4. A unit after the number is accepted when it is the indicator's unit (``12所`` for 所,
   ``3,200人`` for 人, ``46.5%`` for %), or an interchangeable facility classifier
   (个 所 处 家 项 座); any other unit is refused. Qualifiers (约, 以上, ≥ …) are refused.
5. Percentages, for an indicator whose unit is ``%``:

   - ``46.5%`` written with a sign is 46.5;
   - a number in a cell with a percent number format is Excel's fraction: 0.465 → 46.5;
   - a bare number above 1 is the percentage itself: 46.5 → 46.5; 0 is 0;
   - a bare number in (0, 1] is **refused as ambiguous** (0.465 could be 46.5% or 0.465%):
     the department writes ``46.5``, ``46.5%`` or, if it really means it, ``0.465%``.

   On any other indicator a ``%`` sign or a percent-formatted cell is refused.

Examples
--------
>>> parse_value("４６．５％", "General", "%")
46.5
>>> parse_value(0.465, "0.0%", "%")
46.5
>>> parse_value("3,200人", "General", "人")
3200.0
>>> parse_value(0.465, "General", "%")
Traceback (most recent call last):
...
hongtonglib.intake.numbers.CellProblem: value_percent_fraction_ambiguous
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from hongtonglib.intake.catalog import INTERCHANGEABLE_CLASSIFIERS

PLACEHOLDERS = frozenset(
    {"-", "--", "—", "——", "/", "\\", "暂无", "无数据", "不适用", "n/a", "na", "#n/a"}
)
"""Cell texts that mean "not supplied"; the row is skipped."""

AMBIGUOUS_WORDS = frozenset({"无", "没有"})
"""Cell texts that could mean zero or "no data"; refused."""

QUALIFIERS = ("大约", "约", "近", "超过", "以上", "以下", "不足", "不到", "左右", "余", "多")
QUALIFIER_SIGNS = ("≥", "≤", ">", "<", "~", "≈")

_NUMBER = re.compile(
    r"^(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)(?P<suffix>.*)$"
)


class CellProblem(ValueError):
    """A cell that cannot be read as required; ``code`` keys the message."""

    def __init__(self, code: str, **fields: object):
        super().__init__(code)
        self.code = code
        self.fields = fields


def fold_text(value: object) -> str:
    r"""Return a cell's text folded to half-width with every space removed.

    >>> fold_text(" ３，２００ 人\u3000")
    '3,200人'
    """
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def is_percent_format(number_format: str | None) -> bool:
    """Whether an Excel number format shows the cell as a percentage.

    >>> is_percent_format("0.0%"), is_percent_format("General"), is_percent_format('0"%"')
    (True, False, False)
    """
    if not number_format:
        return False
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in unquoted


def _check_percent_fraction(number: float, text: str) -> None:
    if 0 < number <= 1:
        raise CellProblem(
            "value_percent_fraction_ambiguous", text=text, as_percent=round(number * 100, 10)
        )


def _units_agree(found: str, unit: str) -> bool:
    if found == unit:
        return True
    return found in INTERCHANGEABLE_CLASSIFIERS and unit in INTERCHANGEABLE_CLASSIFIERS


def _parse_number_cell(number: float, number_format: str | None, unit: str) -> float:
    if math.isnan(number) or math.isinf(number):
        raise CellProblem("value_not_number", text=str(number))
    percent_format = is_percent_format(number_format)
    if unit == "%":
        if percent_format:
            return round(number * 100, 10)
        _check_percent_fraction(number, f"{number:g}")
        return float(number)
    if percent_format:
        raise CellProblem(
            "value_percent_format_on_non_percent", shown=f"{number * 100:g}%", unit=unit
        )
    return float(number)


def _parse_text(text: str, unit: str) -> float | None:
    folded = fold_text(text)
    if not folded or folded.lower() in PLACEHOLDERS:
        return None
    if folded in AMBIGUOUS_WORDS:
        raise CellProblem("value_placeholder_ambiguous", text=text.strip())
    if any(ch.isdigit() for ch in folded):
        for word in (*QUALIFIER_SIGNS, *QUALIFIERS):
            if word in folded:
                raise CellProblem("value_qualified", text=text.strip(), word=word)
    match = _NUMBER.match(folded)
    if match is None:
        raise CellProblem("value_not_number", text=text.strip())
    number = float(match["number"].replace(",", ""))
    suffix = match["suffix"]
    if suffix.startswith(",") or (suffix[:1].isdigit()):
        raise CellProblem("value_comma_ambiguous", text=text.strip())
    if any(ch.isdigit() for ch in suffix) or suffix.startswith("."):
        raise CellProblem("value_not_number", text=text.strip())
    if suffix == "%":
        if unit != "%":
            raise CellProblem("value_percent_on_non_percent", text=text.strip(), unit=unit)
        return number
    if suffix and not _units_agree(suffix, unit):
        raise CellProblem("value_unit_mismatch", text=text.strip(), found=suffix, unit=unit)
    if unit == "%":
        _check_percent_fraction(number, match["number"])
    return number


def parse_value(value: object, number_format: str | None, unit: str) -> float | None:
    """Return the number a value cell holds, in the indicator's unit, or None when blank.

    Parameters
    ----------
    value : object
        The cell's value as openpyxl reads it (number, text, date, bool or None).
    number_format : str or None
        The cell's Excel number format (``General``, ``0.0%`` …).
    unit : str
        The indicator's unit (``%``, ``所``, ``亿元`` …).

    Raises
    ------
    CellProblem
        With the code of the rule the cell breaks.

    Examples
    --------
    >>> parse_value("46.5%", "General", "%"), parse_value(46.5, "General", "%")
    (46.5, 46.5)
    >>> parse_value("12 所", "General", "所"), parse_value("12个", "@", "所")
    (12.0, 12.0)
    >>> parse_value("—", "General", "%") is None
    True
    >>> parse_value("46,5", "General", "%")
    Traceback (most recent call last):
    ...
    hongtonglib.intake.numbers.CellProblem: value_comma_ambiguous
    """
    unit = unit.strip()
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem("value_bool")
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        raise CellProblem("value_date", text=value.date().isoformat())
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        raise CellProblem("value_date", text=str(value))
    if isinstance(value, int | float):
        return _parse_number_cell(float(value), number_format, unit)
    return _parse_text(str(value), unit)


def raw_text(value: object, number_format: str | None) -> str:
    """Return a cell as it was typed, for the record (numbers with a percent format noted).

    >>> raw_text(0.465, "0.0%"), raw_text("４６．５％", "General"), raw_text(12, "General")
    ('0.465 [0.0%]', '４６．５％', '12')
    """
    if isinstance(value, float) and value.is_integer() and not is_percent_format(number_format):
        value = int(value)
    text = str(value) if not isinstance(value, str) else value.strip()
    if isinstance(value, int | float) and is_percent_format(number_format):
        return f"{text} [{number_format}]"
    return text


def parse_year(value: object) -> int | None:
    """Return the year a year cell holds, or None when blank.

    >>> parse_year(2024), parse_year(2024.0), parse_year("２０２４年"), parse_year(None)
    (2024, 2024, 2024, None)
    >>> parse_year("24")
    Traceback (most recent call last):
    ...
    hongtonglib.intake.numbers.CellProblem: year_invalid
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem("year_invalid", text=str(value))
    if isinstance(value, int | float) and float(value).is_integer() and 1000 <= value <= 9999:
        return int(value)
    text = fold_text(value)
    if not text:
        return None
    text = text.removesuffix("年")
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    raise CellProblem("year_invalid", text=str(value).strip())


def parse_code(value: object) -> str | None:
    """Return an indicator code cell folded to its canonical form, or None when blank.

    >>> parse_code(" Urbanization_Rate_Pct "), parse_code("")
    ('urbanization_rate_pct', None)
    """
    if value is None:
        return None
    text = fold_text(value).lower()
    return text or None
