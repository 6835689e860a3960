"""Comparable segments of observed series, for benchmarks: one census base at a time.

A series must not be bridged across the 2020 census break. For the benchmark every indicator
and region is cut into *census segments*: the figures anchored on one census, that census's own
count included (``census_base`` 2010: the 2010 census and the annual figures 2011–2019 computed
on it; ``census_base`` 2020: the 2020 census and the figures from 2021 on, plus any earlier
figure revised onto it). Figures with no census base (indicators that do not depend on a
population count) form one segment, and, as in
:func:`~hongtonglib.indicators.get_series`, join every segment when mixed with based ones.
Within a segment one value per year is kept: the first row of that year in the input order, so
pass rows ranked best-first (:func:`hongtonglib.indicators.observations.rank_observations`).
Plan targets (``basis == "plan_target"``) and lower bounds (``qualifier == "at_least"``) are
not outcomes and are left out.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"year": [2010, 2011, 2012, 2020, 2021],
...                      "value": [30.0, 31.0, 32.0, 36.0, 37.0],
...                      "census_base": [2010, 2010, 2010, 2020, 2020]})
>>> [(s.census_base, s.years) for s in census_segments(rows, "synthetic", "990000")]
[(2010, (2010, 2011, 2012)), (2020, (2020, 2021))]

"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.methods import Method

BENCHMARK_MODELS: tuple[Method, ...] = (
    Method.NAIVE,
    Method.DRIFT,
    Method.LINEAR,
    Method.LOGIT_LINEAR,
    Method.ETS_DAMPED,
    Method.ARIMA_DRIFT,
)
"""The single models a benchmark scores (``logit_linear`` only for rates bounded both sides)."""

NOT_OUTCOME_BASIS = "plan_target"
LOWER_BOUND_QUALIFIER = "at_least"


@dataclass(frozen=True)
class SeriesSegment:
    """One comparable segment of an indicator in a region: sorted years and their values.

    Attributes
    ----------
    indicator_id, region_code : str
    census_base : int or None
        The census the figures are anchored on; ``None`` for figures with no census base.
    years, values : tuple
        One value per year, sorted by year (years may have gaps).
    bounds : Bounds
        The indicator's bounds.

    """

    indicator_id: str
    region_code: str
    census_base: int | None
    years: tuple[int, ...]
    values: tuple[float, ...]
    bounds: Bounds = field(default_factory=Bounds)

    @property
    def n(self) -> int:
        """Return the number of points."""
        return len(self.years)

    @property
    def label(self) -> str:
        """Return ``indicator region base`` (``base -`` without a census base)."""
        base = "-" if self.census_base is None else str(self.census_base)
        return f"{self.indicator_id} {self.region_code} base {base}"

    @property
    def key(self) -> tuple[str, str]:
        """Return ``(indicator_id, region_code)``."""
        return self.indicator_id, self.region_code

    def frame(self) -> pd.DataFrame:
        """Return the points as a ``year, value`` frame."""
        return pd.DataFrame({"year": list(self.years), "value": list(self.values)})

    def models(self) -> list[Method]:
        """Return :data:`BENCHMARK_MODELS`, without ``logit_linear`` unless bounded both sides."""
        return [
            m for m in BENCHMARK_MODELS if m is not Method.LOGIT_LINEAR or self.bounds.is_two_sided
        ]


def census_segments(
    rows: pd.DataFrame,
    indicator_id: str,
    region_code: str,
    bounds: Bounds | tuple[float | None, float | None] | None = None,
) -> list[SeriesSegment]:
    """Cut the observations of one indicator and region into census segments.

    Parameters
    ----------
    rows : DataFrame
        Columns ``year``, ``value`` and ``census_base`` (nullable); optional ``basis`` and
        ``qualifier``. Several rows per year are allowed: the first of each year (in this
        order) is kept in each segment, so rank them best-first.
    indicator_id, region_code : str
        Recorded on each segment.
    bounds : Bounds or (lower, upper), optional
        The indicator's bounds.

    Returns
    -------
    list of SeriesSegment
        One per census base, oldest base first (a single segment with ``census_base=None``
        when no row has a base); segments without any point are left out.

    """
    bounds = Bounds.coerce(bounds)
    outcomes = rows
    if "basis" in rows.columns:
        outcomes = outcomes[outcomes["basis"] != NOT_OUTCOME_BASIS]
    if "qualifier" in rows.columns:
        outcomes = outcomes[outcomes["qualifier"] != LOWER_BOUND_QUALIFIER]
    base = pd.to_numeric(outcomes["census_base"], errors="coerce")
    bases: list[int | None] = sorted({int(b) for b in base.dropna()})
    if not bases:
        bases = [None]
    segments = []
    for census_base in bases:
        keep = base.isna() if census_base is None else base.isna() | (base == census_base)
        chosen = outcomes[keep.to_numpy()].drop_duplicates("year", keep="first")
        chosen = chosen.sort_values("year", kind="stable")
        if chosen.empty:
            continue
        segments.append(
            SeriesSegment(
                indicator_id,
                region_code,
                census_base,
                tuple(int(y) for y in chosen["year"]),
                tuple(float(v) for v in chosen["value"]),
                bounds,
            )
        )
    return segments


def observation_segments(
    observations: pd.DataFrame,
    bounds_of: Callable[[str], Bounds] | Mapping[str, Bounds],
    *,
    min_years: int = 2,
) -> list[SeriesSegment]:
    """Return the census segments of every indicator and region in ``observations``.

    Parameters
    ----------
    observations : DataFrame
        Tidy observations (``indicator_id, region_code, year, value, census_base``, optional
        ``basis, qualifier``), ranked best-first within each year.
    bounds_of : mapping or callable
        The bounds of an indicator id.
    min_years : int
        Skip an indicator and region observed in fewer distinct years (no segment of it could
        have more points); this keeps the thousands of two-census county series cheap.

    """
    lookup = bounds_of.__getitem__ if isinstance(bounds_of, Mapping) else bounds_of
    keys = ["indicator_id", "region_code"]
    years = observations.groupby(keys, sort=False)["year"].transform("nunique")
    segments: list[SeriesSegment] = []
    for (indicator_id, region_code), rows in observations[years >= min_years].groupby(
        keys, sort=True
    ):
        segments += census_segments(
            rows, str(indicator_id), str(region_code), lookup(str(indicator_id))
        )
    return segments


def select_segments(
    segments: Iterable[SeriesSegment],
    *,
    min_points: int = 8,
    always: Collection[tuple[str, str]] = (),
    min_train: int = 3,
) -> list[SeriesSegment]:
    """Return the segments a benchmark scores.

    A segment is kept when it has at least ``min_points`` points, or when its
    ``(indicator_id, region_code)`` is in ``always`` and it has more than ``min_train`` points
    (fewer leave no forecast to score).

    Examples
    --------
    >>> s = SeriesSegment("synthetic", "990000", None, (2020, 2021, 2022, 2023), (1.0,) * 4)
    >>> len(select_segments([s])), len(select_segments([s], always={s.key}))
    (0, 1)

    """
    wanted = set(always)
    return [s for s in segments if s.n >= min_points or (s.key in wanted and s.n > min_train)]
