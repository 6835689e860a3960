"""What intake needs to know about an indicator, taken from the indicator registry.

Intake depends on a small typed view of an indicator (:class:`IndicatorSpec`), so the
template, validation and store can be tested with a hand-made catalog. :func:`load_catalog`
builds the view from the suite's indicator registry (:mod:`hongtonglib.indicators`).

Examples
--------
>>> spec = IndicatorSpec(indicator_id="urbanization_rate_pct", name_zh="常住人口城镇化率",
...     name_en="Urbanization rate", unit="%", direction="higher", lower_bound=0.0,
...     upper_bound=100.0, department_id="statistics", definition="Urban residents share.")
>>> spec.is_percent, spec.is_count
(True, False)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from hongtonglib.indicators.registry import load_registries

logger = logging.getLogger(__name__)

COUNT_UNITS = frozenset({"个", "所", "处", "家", "项", "座", "条", "间", "张", "人", "户", "次"})
"""Units that count whole things; their classifiers are interchangeable in a value cell
only among ``个 所 处 家 项 座`` (see :data:`INTERCHANGEABLE_CLASSIFIERS`)."""

INTERCHANGEABLE_CLASSIFIERS = frozenset({"个", "所", "处", "家", "项", "座"})
"""Chinese measure words for facilities; "12个" means the same as "12所"."""


@dataclass(frozen=True)
class IndicatorSpec:
    """The fields of an indicator record that intake uses.

    Attributes
    ----------
    indicator_id, name_zh, name_en, unit : str
        As in ``data/indicators/indicators.yaml``.
    direction : str
        ``higher`` or ``lower`` is better.
    lower_bound, upper_bound : float or None
        The plausible range; a submitted value outside it is rejected.
    department_id : str or None
        The Hongtong unit expected to supply the value.
    definition : str
        The registry's definition (English).
    definition_zh : str or None
        The registry's Chinese definition (``definition_zh``, required there), which the
        template prints as 指标解释; ``None`` only in hand-made specs, which then fall back to
        ``definition``.
    """

    indicator_id: str
    name_zh: str
    name_en: str
    unit: str
    direction: str
    lower_bound: float | None
    upper_bound: float | None
    department_id: str | None
    definition: str
    definition_zh: str | None = None

    @property
    def is_percent(self) -> bool:
        """Whether values are percentages (unit ``%``)."""
        return self.unit.strip() == "%"

    @property
    def is_count(self) -> bool:
        """Whether values count whole things (个, 所, 处, …)."""
        return self.unit.strip() in COUNT_UNITS

    def bounds_text(self) -> str:
        """Return the plausible range as printed in the template.

        >>> IndicatorSpec("x", "x", "x", "%", "higher", 0.0, 100.0, None, "").bounds_text()
        '0–100'
        >>> IndicatorSpec("x", "x", "x", "个", "higher", 0.0, None, None, "").bounds_text()
        '≥0'
        """
        low, high = self.lower_bound, self.upper_bound
        if low is not None and high is not None:
            return f"{_plain(low)}–{_plain(high)}"
        if low is not None:
            return f"≥{_plain(low)}"
        if high is not None:
            return f"≤{_plain(high)}"
        return ""


def _plain(number: float) -> str:
    return f"{number:g}"


def _optional_float(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def spec_from_record(record: Any) -> IndicatorSpec:
    """Build an :class:`IndicatorSpec` from a registry record (a model or a mapping).

    >>> spec_from_record({"indicator_id": "a_pct", "name_zh": "甲", "name_en": "A",
    ...     "unit": "%", "direction": "higher", "lower_bound": 0, "upper_bound": 100,
    ...     "department_id": "health", "definition": "A share."}).upper_bound
    100.0
    """

    def get(name: str, default: Any = None) -> Any:
        if isinstance(record, Mapping):
            return record.get(name, default)
        return getattr(record, name, default)

    direction = get("direction")
    return IndicatorSpec(
        indicator_id=str(get("indicator_id")),
        name_zh=str(get("name_zh")),
        name_en=str(get("name_en", "")),
        unit=str(get("unit", "")),
        direction=str(getattr(direction, "value", direction) or ""),
        lower_bound=_optional_float(get("lower_bound")),
        upper_bound=_optional_float(get("upper_bound")),
        department_id=get("department_id"),
        definition=str(get("definition", "") or ""),
        definition_zh=get("definition_zh"),
    )


def catalog_from_records(records: Iterable[Any]) -> dict[str, IndicatorSpec]:
    """Index registry records by ``indicator_id``."""
    specs = [spec_from_record(record) for record in records]
    return {spec.indicator_id: spec for spec in specs}


def load_catalog() -> dict[str, IndicatorSpec]:
    """Return the indicator catalog intake uses, by ``indicator_id``, from the registry.

    The records come from :func:`hongtonglib.indicators.load_registries` (the one indicator
    registry, ``data/indicators/indicators.yaml``); this only keeps the fields intake needs.

    >>> load_catalog()["urbanization_rate_pct"].department_id
    'statistics'
    """
    return catalog_from_records(load_registries().indicators.values())
