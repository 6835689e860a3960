"""Records of the indicator, source and region registries, and the shared vocabularies.

Every record is a frozen pydantic model that forbids unknown keys, so a typo in a registry
file is an error, not a silently ignored field.

Examples
--------
>>> Region(region_code="141024", name_zh="洪洞县", level="county", parent_code="141000").level
'county'

"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

BASES: tuple[str, ...] = (
    "census",
    "sample_survey",
    "bulletin",
    "plan_target",
    "department_submission",
    "secondary",
)
"""Vocabulary of ``basis``: what kind of figure an observation is."""

QUALIFIERS: tuple[str, ...] = ("", "at_least", "approx")
"""Vocabulary of ``qualifier``: exact (empty), a lower bound, or an approximate value."""

OBSERVATION_COLUMNS: tuple[str, ...] = (
    "indicator_id",
    "region_code",
    "year",
    "value",
    "unit",
    "basis",
    "census_base",
    "qualifier",
    "source_id",
    "note",
    "quote",
    "raw_ref",
)
"""Columns of ``observations.csv`` and of every observation frame, in order."""

REQUIRED_OBSERVATION_COLUMNS: tuple[str, ...] = OBSERVATION_COLUMNS[:10]
"""Columns every observation file must have (``quote`` and ``raw_ref`` are optional)."""

CENSUS_BASES: tuple[int, ...] = (2010, 2020)
"""Vocabulary of ``census_base``: the census a population-based figure is anchored to."""

SECTOR_IDS: tuple[str, ...] = (
    "urbanization",
    "housing",
    "health",
    "education",
    "environment",
    "industry",
    "infrastructure",
    "governance",
    "culture",
    "social_security",
    "planning",
    "rural",
)
"""Sector ids shared with the plan registry (docs/architecture.md)."""

REGION_LEVELS: tuple[str, ...] = ("country", "province", "prefecture", "county")

_SNAKE = r"^[a-z][a-z0-9_]*$"
_FROZEN = ConfigDict(frozen=True, extra="forbid")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_cjk(text: str | None) -> bool:
    """Return whether ``text`` contains a Chinese (CJK unified ideograph) character.

    >>> has_cjk("Urbanization rate"), has_cjk("城镇化率 %")
    (False, True)
    """
    return _CJK.search(text or "") is not None


def _check_chinese(value: str | None) -> None:
    """Raise if a ``*_zh`` text field is given but has no Chinese character."""
    if value is not None and not has_cjk(value):
        raise ValueError("a Chinese (_zh) field must contain Chinese characters")


class Indicator(BaseModel):
    """One entry of ``data/indicators/indicators.yaml``.

    ``unit`` is written as briefings print it (``%``, ``人``, ``亿元``), the convention of the
    plan's targets. ``census_sensitive`` marks values resting on a census-based population, whose
    observations carry a ``census_base``. ``definition`` is the English definition and
    ``definition_zh`` its Chinese translation, the one department-facing output prints (templates,
    briefings); it says no more and no less than ``definition``. ``supplier_note`` explains an
    unusual supplier (``supplier_note_zh`` in Chinese, printed in briefings).
    """

    model_config = _FROZEN

    indicator_id: str = Field(pattern=_SNAKE)
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    direction: Literal["higher", "lower"]
    lower_bound: float | None = None
    upper_bound: float | None = None
    sector_ids: tuple[str, ...] = Field(min_length=1)
    department_id: str = Field(pattern=_SNAKE)
    census_sensitive: bool = False
    definition: str = Field(min_length=1)
    definition_zh: str = Field(min_length=1)
    supplier_note: str | None = None
    supplier_note_zh: str | None = None

    @field_validator("definition_zh")
    @classmethod
    def _definition_zh_is_chinese(cls, value: str) -> str:
        _check_chinese(value)
        return value

    @field_validator("supplier_note_zh")
    @classmethod
    def _supplier_note_zh_is_chinese(cls, value: str | None) -> str | None:
        if value is not None:
            _check_chinese(value)
        return value

    @model_validator(mode="after")
    def _supplier_note_translated(self) -> Indicator:
        if (self.supplier_note is None) != (self.supplier_note_zh is None):
            raise ValueError("supplier_note and supplier_note_zh go together")
        return self

    @field_validator("sector_ids")
    @classmethod
    def _known_sectors(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [sector for sector in value if sector not in SECTOR_IDS]
        if unknown:
            raise ValueError(f"unknown sector ids {unknown}; expected ids from {SECTOR_IDS}")
        return value

    @model_validator(mode="after")
    def _ordered_bounds(self) -> Indicator:
        low, high = self.lower_bound, self.upper_bound
        if low is not None and high is not None and low > high:
            raise ValueError(f"lower_bound {low} is above upper_bound {high}")
        return self


class Source(BaseModel):
    """One entry of ``data/indicators/sources.yaml``: a file, web page or document.

    ``title``, ``publisher`` and ``accessed_note`` are kept as recorded (English where the
    collection wrote English). ``title_zh``, ``publisher_zh`` and ``accessed_note_zh`` are their
    Chinese renderings, given where the original is not Chinese; department-facing output prefers
    them when present.
    """

    model_config = _FROZEN

    source_id: str = Field(pattern=_SNAKE)
    kind: Literal["file", "web_page", "document"]
    title: str = Field(min_length=1)
    title_zh: str | None = Field(default=None, min_length=1)
    url: str | None = None
    document: str | None = None
    publisher: str = Field(min_length=1)
    publisher_zh: str | None = Field(default=None, min_length=1)
    accessed: dt.date
    accessed_note: str | None = None
    accessed_note_zh: str | None = Field(default=None, min_length=1)
    licence: str = Field(min_length=1)
    md5: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    path: str | None = None
    collection: str | None = None
    note: str | None = None

    @field_validator("title_zh", "publisher_zh", "accessed_note_zh")
    @classmethod
    def _zh_fields_are_chinese(cls, value: str | None) -> str | None:
        _check_chinese(value)
        return value

    @model_validator(mode="after")
    def _locatable(self) -> Source:
        if not self.url and not self.document:
            raise ValueError("a source needs a url or a document description")
        if self.kind == "file" and (self.md5 is None or self.path is None):
            raise ValueError("a file source needs its md5 and its path under data/")
        if self.kind == "web_page" and not (self.url or "").startswith(("http://", "https://")):
            raise ValueError("a web_page source needs an http(s) url")
        if self.accessed_note_zh and not self.accessed_note:
            raise ValueError("accessed_note_zh translates accessed_note, which is missing")
        return self


class Region(BaseModel):
    """One row of ``data/indicators/regions.csv``."""

    model_config = _FROZEN

    region_code: str = Field(pattern=r"^\d{6}$")
    name_zh: str = Field(min_length=1)
    name_en: str | None = None
    level: Literal["country", "province", "prefecture", "county"]
    parent_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    census_years: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _parent_matches_level(self) -> Region:
        if self.level == "country" and self.parent_code:
            raise ValueError("the country has no parent")
        if self.level != "country" and not self.parent_code:
            raise ValueError(f"a {self.level} needs a parent_code")
        return self
