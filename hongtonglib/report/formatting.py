"""Chinese number, pace, probability and status formatting, and HTML tables, for briefings.

Everything a department reader sees passes through here, so numbers look the same in every
briefing: ``41.5%``, ``63.8万人``, ``每年 +0.98 个百分点``, ``约 2%``, ``—`` for missing.

Examples
--------
>>> format_value(41.5, "%"), format_value(637812, "人"), format_value(None, "%")
('41.5%', '63.78万人', '—')
>>> format_pace(0.98, "%"), format_pace(-2, "个")
('每年 +0.98 个百分点', '每年 -2 个')
>>> format_probability(0.018), format_probability(0.5), format_probability(None)
('约 2%', '约 50%', '—')
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from hongtonglib.assess.status import Status

MISSING = "—"

STATUS_CSS = {
    Status.achieved: "st-good",
    Status.on_track: "st-good",
    Status.needs_acceleration: "st-warn",
    Status.limited_progress: "st-bad",
    Status.deterioration: "st-bad",
    Status.not_achieved: "st-bad",
    Status.insufficient_data: "st-none",
    Status.no_data: "st-none",
}

BASIS_ZH = {
    "census": "人口普查",
    "sample_survey": "抽样调查",
    "bulletin": "统计公报",
    "plan_target": "规划目标",
    "department_submission": "部门报送",
    "secondary": "二手资料",
}


def is_missing(value: object) -> bool:
    """Return whether a value is None, NaN or pandas NA."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text_zh(record: object, field: str) -> str:
    """Return a registry text for Chinese readers: ``<field>_zh`` when given, else ``<field>``.

    ``record`` is a registry row (a named tuple, a pandas row or a model); a missing text gives
    ``""``.

    >>> from types import SimpleNamespace
    >>> row = SimpleNamespace(title="Hongtong County - Wikipedia", title_zh="洪洞县 - 维基百科",
    ...     publisher="website x.cn", publisher_zh=float("nan"), accessed_note=None)
    >>> text_zh(row, "title"), text_zh(row, "publisher"), text_zh(row, "accessed_note")
    ('洪洞县 - 维基百科', 'website x.cn', '')
    """
    for name in (f"{field}_zh", field):
        value = getattr(record, name, None)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _trim(number: float, digits: int) -> str:
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value: object, unit: str, *, digits: int = 2) -> str:
    """Format a value with its unit, in the way Chinese statistical releases print it.

    Persons above 10,000 are shown in 万人; percentages keep one decimal, other units up to
    ``digits`` decimals, without trailing zeros.
    """
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    if unit == "人" and abs(number) >= 10_000:
        return f"{_trim(number / 10_000, 2)}万人"
    if unit == "%":
        return f"{number:.1f}%"
    return f"{_trim(number, digits)}{'' if unit in ('', None) else unit}"


def format_gap(value: object, unit: str) -> str:
    """Format a distance to a target: percentage points for percentages.

    >>> format_gap(18.8, "%"), format_gap(2, "所")
    ('18.8个百分点', '2所')
    """
    if is_missing(value):
        return MISSING
    if unit == "%":
        return f"{_trim(float(value), 1)}个百分点"  # type: ignore[arg-type]
    return format_value(value, unit)


def format_pace(value: object, unit: str, *, digits: int = 2) -> str:
    """Format a pace per year, signed; percentage points for percentages."""
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    sign = "+" if number > 0 else ("-" if number < 0 else "")
    magnitude = _trim(abs(number), digits)
    unit_text = "个百分点" if unit == "%" else unit
    return f"每年 {sign}{magnitude} {unit_text}".rstrip()


def format_probability(value: object) -> str:
    """Format a probability as ``约 N%`` (below 1% as ``不足 1%``, above 99% as ``超过 99%``)."""
    if is_missing(value):
        return MISSING
    number = float(value)  # type: ignore[arg-type]
    if number < 0.01:
        return "不足 1%"
    if number > 0.99:
        return "超过 99%"
    return f"约 {round(number * 100):d}%"


def format_change_pp(value: object) -> str:
    """Format a change of probability in percentage points, e.g. ``较上年 -3 个百分点``."""
    if is_missing(value):
        return ""
    points = round(float(value) * 100)  # type: ignore[arg-type]
    if points == 0:
        return "较上年基本不变"
    return f"较上年 {'+' if points > 0 else '-'}{abs(points)} 个百分点"


def format_year(value: object) -> str:
    """Format a year as ``2022年``."""
    return MISSING if is_missing(value) else f"{int(value)}年"  # type: ignore[call-overload]


def basis_zh(basis: object) -> str:
    """Return the Chinese name of an observation basis."""
    return MISSING if is_missing(basis) else BASIS_ZH.get(str(basis), str(basis))


def status_badge(status: Status) -> str:
    """Return the status as a coloured HTML badge (classes styled by the page CSS)."""
    return f'<span class="status {STATUS_CSS[status]}">{html.escape(status.label_zh)}</span>'


PHONE_LAYOUTS = ("cards", "scroll", "table")
"""How a table reads at a phone's width (styled by ``page.css`` below its breakpoint): stacked
cards, one per row, each cell labelled by its header (``data-label``); a table scrolling in its
own box, first column kept in view; or the table as it is (it fits)."""

CARD_CELL_CHARS = 14
"""A table with a cell longer than this reads as cards on a phone: long text (targets,
sources, clause text) wraps across the card's width instead of a narrow column."""


def phone_layout(rows: Sequence[Sequence[str]], columns: Sequence[str]) -> str:
    """Choose the phone layout of a table from its cell texts (one of :data:`PHONE_LAYOUTS`).

    Two columns fit a phone; a table with long text reads as cards; a table of short values
    (years, numbers, ranks), compared along a row, scrolls in its own box.

    >>> phone_layout([["2010年", "41.5%"]], ["年份", "数值"])
    'table'
    >>> phone_layout([["2010年", "41.5%", "+2.1"]], ["年份", "数值", "变化"])
    'scroll'
    >>> phone_layout([["总目标", "全县常住人口城镇化率达到46%", "2024年"]], ["任务", "目标", "期"])
    'cards'
    """
    if len(columns) <= 2:
        return "table"
    longest = max((len(text) for row in rows for text in row), default=0)
    return "cards" if longest > CARD_CELL_CHARS else "scroll"


def html_table(
    rows: Sequence[Mapping[str, object]],
    columns: Sequence[str],
    *,
    raw_html_columns: Sequence[str] = (),
    caption: str | None = None,
    phone: str | None = None,
) -> str:
    """Return an HTML table; every cell is escaped except those of ``raw_html_columns``.

    Each cell carries its column's header as ``data-label`` and the table the class
    ``phone-<layout>`` (``phone``, or :func:`phone_layout` of the cells' text when ``None``).

    >>> table = html_table([{"a": "<b>", "b": "<i>ok</i>"}], ["a", "b"], raw_html_columns=["b"])
    >>> table.split("<tbody>")[1]
    '<tr><td data-label="a">&lt;b&gt;</td><td data-label="b"><i>ok</i></td></tr></tbody></table>'
    """
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    labels = [html.escape(column, quote=True) for column in columns]
    texts = []
    body = []
    for row in rows:
        cells, row_texts = [], []
        for column, label in zip(columns, labels, strict=True):
            value = row.get(column, "")
            text = MISSING if is_missing(value) else str(value)
            shown = text if column in raw_html_columns else html.escape(text)
            cells.append(f'<td data-label="{label}">{shown}</td>')
            row_texts.append(_visible_text(text) if column in raw_html_columns else text)
        body.append(f"<tr>{''.join(cells)}</tr>")
        texts.append(row_texts)
    layout = phone or phone_layout(texts, columns)
    if layout not in PHONE_LAYOUTS:
        raise ValueError(f"phone layout {layout!r} is not one of {PHONE_LAYOUTS}")
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="briefing-table phone-{layout}">{caption_html}<thead><tr>{head}</tr>'
        f"</thead><tbody>{''.join(body)}</tbody></table>"
    )


def _visible_text(fragment: str) -> str:
    """Return the text of an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def finite(value: object) -> bool:
    """Return whether a value is a finite number."""
    return not is_missing(value) and math.isfinite(float(value))  # type: ignore[arg-type]
