"""Age the 2020 census forward, year by year, and sum the groups that schools and care serve.

One step of the projection (:func:`age_one_year`), from 1 November of a year to the next:

- persons aged ``a - 1`` become aged ``a`` and are multiplied by the annual change factor
  ``f(a)`` (mortality and net migration together, :mod:`~hongtonglib.demography.cohort`);
- the open group 85+ takes those turning 85 and its own survivors, both times ``f(85+)``;
- the new age 0 (:func:`project_cohorts`) is the census's age 0 times the change in women of
  childbearing age times the change in the reference birth rate since the census year.

:func:`project_demand` runs this for every scenario from the census tables and the observed
birth rates, and returns tidy frames (``year, scenario, group_id, persons``) with the
assumptions that made them.

Examples
--------
>>> population = np.zeros((2, 86)); population[:, 10] = 100.0
>>> factors = np.full((2, 85), 0.5)
>>> float(age_one_year(population, factors)[0, 11])
50.0
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from hongtonglib.demography.assumptions import DemandAssumptions
from hongtonglib.demography.graduation import OPEN_AGE
from hongtonglib.demography.groups import DemandGroup, load_demand_groups
from hongtonglib.fileio import write_csv_tables

logger = logging.getLogger(__name__)

SEXES: tuple[str, ...] = ("male", "female")

SCENARIO_ZH: dict[str, str] = {"low": "低方案", "central": "中方案", "high": "高方案"}


def age_one_year(population: np.ndarray, factors: np.ndarray) -> np.ndarray:
    """Age single-year populations by one year; the new age 0 is left at zero.

    Parameters
    ----------
    population : numpy.ndarray
        ``(..., 86)``: persons aged 0 … 84 and 85+.
    factors : numpy.ndarray
        ``(..., 85)``: annual change factors ``f(1)`` … ``f(84)``, ``f(85+)``.

    Returns
    -------
    numpy.ndarray
        ``(..., 86)`` one year later, age 0 = 0.
    """
    population = np.asarray(population, dtype=float)
    factors = np.asarray(factors, dtype=float)
    if population.shape[-1] != OPEN_AGE + 1 or factors.shape[-1] != OPEN_AGE:
        raise ValueError("expected populations of 86 single ages and 85 change factors")
    if (factors < 0).any():
        raise ValueError("change factors must not be negative")
    aged = np.zeros(np.broadcast_shapes(population.shape, (*factors.shape[:-1], OPEN_AGE + 1)))
    aged[..., 1:OPEN_AGE] = population[..., : OPEN_AGE - 1] * factors[..., : OPEN_AGE - 1]
    aged[..., OPEN_AGE] = (population[..., OPEN_AGE - 1] + population[..., OPEN_AGE]) * factors[
        ..., OPEN_AGE - 1
    ]
    return aged


def project_cohorts(
    base: np.ndarray,
    factors: np.ndarray,
    fertility_ratios: Sequence[float],
    childbearing_ages: tuple[int, int] = (15, 49),
) -> np.ndarray:
    """Project a base population one year at a time.

    Parameters
    ----------
    base : numpy.ndarray
        ``(2, 86)``: males and females aged 0 … 84, 85+ on the base date.
    factors : numpy.ndarray
        ``(2, 85)``: annual change factors by age attained, per sex.
    fertility_ratios : sequence of float
        For each projected year, the reference birth rate relative to the base year's.
    childbearing_ages : (int, int)
        Ages of the women whose number scales the births.

    Returns
    -------
    numpy.ndarray
        ``(len(fertility_ratios) + 1, 2, 86)``: the base and every projected year. Age 0 of a
        year = base age 0 (per sex) × women of childbearing age / base women × ratio.

    Examples
    --------
    >>> base = np.ones((2, 86))
    >>> path = project_cohorts(base, np.ones((2, 85)), [0.5, 0.5])
    >>> path.shape, float(path[1, 0, 0]), float(path[2, 1, 85])
    ((3, 2, 86), 0.5, 3.0)
    """
    base = np.asarray(base, dtype=float)
    if base.shape != (2, OPEN_AGE + 1):
        raise ValueError(f"base must be (2, {OPEN_AGE + 1}), got {base.shape}")
    low, high = childbearing_ages
    women_base = base[1, low : high + 1].sum()
    path = [base]
    for ratio in fertility_ratios:
        if ratio < 0:
            raise ValueError("fertility ratios must not be negative")
        aged = age_one_year(path[-1], factors)
        women = aged[1, low : high + 1].sum()
        scale = women / women_base if women_base > 0 else 0.0
        aged[:, 0] = base[:, 0] * scale * ratio
        path.append(aged)
    return np.stack(path)


@dataclass(frozen=True)
class DemandHeadline:
    """Change of one group between two years in one scenario."""

    group_id: str
    name_zh: str
    scenario: str
    from_year: int
    to_year: int
    persons_from: float
    persons_to: float

    @property
    def change_persons(self) -> float:
        """Persons in ``to_year`` minus persons in ``from_year``."""
        return self.persons_to - self.persons_from

    @property
    def change_pct(self) -> float:
        """Change in percent of ``from_year``."""
        return 100.0 * self.change_persons / self.persons_from

    def sentence_zh(self) -> str:
        """Return the change as one Chinese sentence.

        Examples
        --------
        >>> DemandHeadline("primary_6_11", "小学适龄人口（6—11岁）", "central", 2024, 2027,
        ...                48213.0, 40119.0).sentence_zh()
        '小学适龄人口（6—11岁）预计由2024年的约4.82万人变为2027年的约4.01万人，减少16.8%（中方案）。'
        """
        direction = "增加" if self.change_persons >= 0 else "减少"
        scenario = SCENARIO_ZH.get(self.scenario, self.scenario)
        return (
            f"{self.name_zh}预计由{self.from_year}年的约{format_persons_zh(self.persons_from)}"
            f"变为{self.to_year}年的约{format_persons_zh(self.persons_to)}，"
            f"{direction}{abs(self.change_pct):.1f}%（{scenario}）。"
        )


def format_persons_zh(persons: float) -> str:
    """Return a head count in Chinese: 万人 with two decimals from 10,000, else to the ten.

    Examples
    --------
    >>> format_persons_zh(48213.0), format_persons_zh(5842.0)
    ('4.82万人', '5840人')
    """
    if persons >= 10_000:
        return f"{persons / 10_000:.2f}万人"
    return f"{round(persons, -1):.0f}人"


@dataclass(frozen=True)
class DemandProjection:
    """Projected populations of one region in every scenario (frozen).

    Attributes
    ----------
    region_code, name_zh : str
        The region.
    base_year : int
        Year of the census base (populations are on 1 November of every year).
    assumptions : tuple of DemandAssumptions
        One per scenario, in the order of the scenarios.
    single_ages : pandas.DataFrame
        ``region_code, scenario, year, sex, age, persons`` (``age`` 85 = 85 and over).
    groups : pandas.DataFrame
        ``region_code, scenario, year, group_id, name_zh, sector_id, persons``.
    birth_rates : pandas.DataFrame
        ``scenario, year, crude_birth_rate_permille, kind, region_code``: the reference path.
    birth_rate_sources : tuple of str
        ``source_id`` of every observed birth rate used.
    change_factors : pandas.DataFrame
        ``scenario, sex, age, factor``: annual change factors by age attained.
    factor_fit : pandas.DataFrame
        How well the region's own factors, applied to the 2010 census, reproduce the 2020
        census (:func:`~hongtonglib.demography.demand.factor_fit_table`).
    notes : tuple of str
        Caveats found on the way (boundary flags, missing spread region …).
    """

    region_code: str
    name_zh: str
    base_year: int
    assumptions: tuple[DemandAssumptions, ...]
    single_ages: pd.DataFrame
    groups: pd.DataFrame
    birth_rates: pd.DataFrame
    birth_rate_sources: tuple[str, ...]
    change_factors: pd.DataFrame
    factor_fit: pd.DataFrame
    notes: tuple[str, ...] = field(default=())

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The scenario names, in order."""
        return tuple(item.scenario for item in self.assumptions)

    def persons(self, group_id: str, year: int, scenario: str = "central") -> float:
        """Return the projected persons of a group in a year."""
        rows = self.groups[
            (self.groups["group_id"] == group_id)
            & (self.groups["year"] == year)
            & (self.groups["scenario"] == scenario)
        ]
        if rows.empty:
            raise KeyError(f"no projection of {group_id!r} in {year} ({scenario})")
        return float(rows["persons"].iloc[0])

    def headline(
        self, group_id: str, from_year: int, to_year: int, scenario: str = "central"
    ) -> DemandHeadline:
        """Return the change of a group between two years (e.g. primary age 2024 → 2027)."""
        name = self.groups.loc[self.groups["group_id"] == group_id, "name_zh"]
        return DemandHeadline(
            group_id=group_id,
            name_zh=str(name.iloc[0]) if len(name) else group_id,
            scenario=scenario,
            from_year=from_year,
            to_year=to_year,
            persons_from=self.persons(group_id, from_year, scenario),
            persons_to=self.persons(group_id, to_year, scenario),
        )

    def assumptions_table(self) -> pd.DataFrame:
        """Return the assumptions of every scenario, one row per scenario and field."""
        rows = [
            {"scenario": item.scenario, "assumption": name, "value": str(value)}
            for item in self.assumptions
            for name, value in item.model_dump().items()
            if name != "scenario"
        ]
        return pd.DataFrame(rows)

    def write_tables(self, directory: str | Path) -> list[Path]:
        """Write every table as UTF-8 CSV into ``directory`` (atomically); return the paths.

        Files: ``demand_groups.csv``, ``demand_single_ages.csv``, ``demand_birth_rates.csv``,
        ``demand_change_factors.csv``, ``demand_factor_fit.csv``, ``demand_assumptions.csv``.
        """
        tables = {
            "demand_groups.csv": self.groups,
            "demand_single_ages.csv": self.single_ages,
            "demand_birth_rates.csv": self.birth_rates,
            "demand_change_factors.csv": self.change_factors,
            "demand_factor_fit.csv": self.factor_fit,
            "demand_assumptions.csv": self.assumptions_table(),
        }
        written = write_csv_tables(directory, tables)
        logger.info("wrote %d demand tables to %s", len(written), directory)
        return written

    def headlines(
        self, from_year: int = 2024, to_year: int = 2027, scenario: str = "central"
    ) -> pd.DataFrame:
        """Return the headline change of every group as a frame."""
        rows = []
        for group_id in dict.fromkeys(self.groups["group_id"]):
            item = self.headline(group_id, from_year, to_year, scenario)
            rows.append(
                {
                    "group_id": group_id,
                    "name_zh": item.name_zh,
                    "scenario": scenario,
                    "from_year": from_year,
                    "to_year": to_year,
                    "persons_from": item.persons_from,
                    "persons_to": item.persons_to,
                    "change_persons": item.change_persons,
                    "change_pct": item.change_pct,
                    "sentence_zh": item.sentence_zh(),
                }
            )
        return pd.DataFrame(rows)


def sum_groups(
    single_ages: np.ndarray, groups: Sequence[DemandGroup] | None = None
) -> dict[str, np.ndarray]:
    """Return the persons of each demand group, summed over sexes (axis -2) and ages."""
    groups = load_demand_groups() if groups is None else groups
    both = np.asarray(single_ages).sum(axis=-2)
    return {group.group_id: group.persons(both) for group in groups}
