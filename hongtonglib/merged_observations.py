"""Every observation the suite uses: public data joined with approved department submissions.

This module sits above both :mod:`hongtonglib.indicators` (public and census-derived
observations) and :mod:`hongtonglib.intake` (the department-submission store), so that
neither of them imports the other. :func:`load_observations` and :func:`get_series` take
the same arguments as their public-only namesakes in :mod:`hongtonglib.indicators` plus
``include_submissions``: the current approved version of each submitted value (basis
``department_submission``) joins the public rows and competes under the same preference
rule. With no store there is nothing to add, at no cost.

:func:`public_reference` and :func:`default_reference` give intake's plausibility check the
points a new submission is compared with (approved values, then public data); intake takes
them as an argument and does not read the public observations itself.

Examples
--------
>>> series = get_series("urbanization_rate_pct", "141024", census_base=2020)
>>> series.set_index("year").loc[2020, "value"].round(2)
np.float64(39.54)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from hongtonglib.indicators.observations import (
    FRAME_COLUMNS,
    check_series_ids,
    load_cached,
    observations_path,
    select_series,
)
from hongtonglib.indicators.observations import get_series as get_public_series
from hongtonglib.intake.db import StoreArg, resolve_store
from hongtonglib.intake.observations import approved_observations, store_reference, store_state
from hongtonglib.intake.plausibility import ReferencePoint, ReferenceProvider

StoreState = tuple[str, int, int]


def load_observations(
    include_census: bool = True, include_submissions: bool = True
) -> pd.DataFrame:
    """Return all observations as a tidy frame.

    Parameters
    ----------
    include_census : bool, default True
        Add the observations derived from the 2010 and 2020 census tables (every region).
    include_submissions : bool, default True
        Add the approved department submissions of the default intake store (the current
        approved version of each value); cheap when there is no store.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`hongtonglib.indicators.observations.FRAME_COLUMNS`.

    """
    frame = load_cached(observations_path(), include_census)
    if include_submissions:
        frame = _with_submissions(frame, store_state())
    return frame.copy()


def get_series(
    indicator_id: str,
    region_code: str,
    *,
    census_base: int | None = None,
    include_targets: bool = False,
    include_submissions: bool = True,
) -> pd.DataFrame:
    """Return one observation per year for an indicator and region, submissions included.

    Parameters
    ----------
    indicator_id, region_code, census_base, include_targets
        As in :func:`hongtonglib.indicators.get_series`.
    include_submissions : bool, default True
        Also consider approved department submissions (see :func:`load_observations`).

    Returns
    -------
    pandas.DataFrame
        One row per year, oldest first, with ``n_observations``.

    """
    check_series_ids(indicator_id, region_code)
    state = store_state() if include_submissions else None
    return _series_cached(
        observations_path(), indicator_id, region_code, census_base, include_targets, state
    ).copy()


@lru_cache(maxsize=4)
def _submission_frame(state: StoreState) -> pd.DataFrame:
    frame = approved_observations(state[0])
    frame["census_base"] = pd.to_numeric(frame["census_base"]).astype("Int64")
    frame["is_derived"] = False
    return frame[list(FRAME_COLUMNS)]


def _with_submissions(frame: pd.DataFrame, state: StoreState | None) -> pd.DataFrame:
    """Return ``frame`` with the approved submissions of the store in ``state`` appended."""
    if state is None:
        return frame
    submissions = _submission_frame(state)
    if submissions.empty:
        return frame
    submissions = submissions.astype(frame.dtypes.to_dict())
    return pd.concat([frame, submissions], ignore_index=True)


@lru_cache(maxsize=256)
def _series_cached(
    path: Path,
    indicator_id: str,
    region_code: str,
    census_base: int | None,
    include_targets: bool,
    submissions_state: StoreState | None = None,
) -> pd.DataFrame:
    frame = _with_submissions(load_cached(path, True), submissions_state)
    return select_series(frame, indicator_id, region_code, census_base, include_targets)


def public_reference(indicator_id: str, region_code: str) -> Sequence[ReferencePoint]:
    """Return the public series of an indicator and region (2020 census base), one per year.

    Uses :func:`hongtonglib.indicators.get_series` (no department submissions); an
    indicator or region the registry does not know has no points.
    """
    try:
        series = get_public_series(indicator_id, region_code, census_base=2020)
    except KeyError:
        return ()
    return tuple(
        ReferencePoint(
            int(row.year),
            float(row.value),
            f"public data: {row.source_id}",
            f"公开数据 {row.source_id}",
        )
        for row in series.itertuples()
    )


def default_reference(store: StoreArg = None) -> ReferenceProvider:
    """Return the reference that flags suspicious values: approved values, then public data."""
    from_store = store_reference(resolve_store(store))

    def provide(indicator_id: str, region_code: str) -> Sequence[ReferencePoint]:
        return (
            *from_store(indicator_id, region_code),
            *public_reference(indicator_id, region_code),
        )

    return provide
