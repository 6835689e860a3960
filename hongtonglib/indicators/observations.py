"""Load the public observations and pick one value per year for a series.

:func:`load_observations` returns the curated ``observations.csv`` (validated on load) and,
by default, the observations derived from the census tables for every region.
:func:`get_series` returns one value per year for an indicator and region, chosen by the
preference rule below, with the provenance columns kept. Approved department submissions are
joined above this package and the intake store, in :mod:`hongtonglib.merged_observations`; this
module knows nothing of the store.

Preference rule (documented for users; first difference decides):

1. lower bounds (``qualifier`` ``at_least``) come last;
2. basis: census, bulletin, sample_survey, department_submission, secondary;
3. exact values before approximate ones (``approx``, e.g. rounded copies);
4. a published observation before the same figure derived from a census table;
5. ``source_id`` in alphabetical order (only to make the choice repeatable).

Plan targets (basis ``plan_target``) are not outcomes and are left out unless asked for.

Examples
--------
>>> series = get_series("urbanization_rate_pct", "141024", census_base=2020)
>>> series.set_index("year").loc[2020, "value"].round(2)
np.float64(39.54)

"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from hongtonglib import paths
from hongtonglib.census.observations import derive_census_observations
from hongtonglib.indicators.models import OBSERVATION_COLUMNS
from hongtonglib.indicators.registry import load_registries
from hongtonglib.indicators.validate import validate_observations_file

BASIS_PREFERENCE: tuple[str, ...] = (
    "census",
    "bulletin",
    "sample_survey",
    "department_submission",
    "secondary",
    "plan_target",
)
"""Order of preference of ``basis`` in :func:`get_series`."""

QUALIFIER_PREFERENCE: tuple[str, ...] = ("", "approx", "at_least")

FRAME_COLUMNS: tuple[str, ...] = (*OBSERVATION_COLUMNS, "is_derived")
"""Columns of :func:`load_observations`'s frame."""


def observations_path() -> Path:
    """Return ``data/indicators/observations.csv``."""
    return paths.indicators_dir() / "observations.csv"


def load_observations(
    include_census: bool = True, *, include_submissions: bool = False
) -> pd.DataFrame:
    """Return all public observations as a tidy frame.

    Parameters
    ----------
    include_census : bool, default True
        Add the observations derived from the 2010 and 2020 census tables (every region).
    include_submissions : False
        Accepted for callers that say so explicitly; True raises: approved submissions are
        joined by :func:`hongtonglib.merged_observations.load_observations`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FRAME_COLUMNS`: ``year`` int, ``value`` float, ``census_base``
        nullable int, ``is_derived`` bool (True for census-derived rows), text otherwise.

    """
    _refuse_submissions(include_submissions)
    return load_cached(observations_path(), include_census).copy()


@lru_cache(maxsize=4)
def load_cached(path: Path, include_census: bool) -> pd.DataFrame:
    """Return the observations of ``path`` (and the census's), cached: do not modify."""
    registries = load_registries()
    frame = validate_observations_file(path, registries)
    frame = frame.reindex(columns=list(OBSERVATION_COLUMNS), fill_value="")
    frame["year"] = frame["year"].astype(float).astype("int64")
    frame["value"] = frame["value"].astype("float64")
    frame["census_base"] = pd.to_numeric(frame["census_base"]).astype("Int64")
    frame["is_derived"] = False
    pieces = [frame]
    if include_census:
        units = {key: item.unit for key, item in registries.indicators.items()}
        for year in (2010, 2020):
            pieces.append(derive_census_observations(year, units))
    return pd.concat(pieces, ignore_index=True)[list(FRAME_COLUMNS)]


def rank_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` sorted by year and then by the preference rule (best first)."""
    ranked = frame.assign(
        _bound=frame["qualifier"].eq("at_least"),
        _basis=frame["basis"].map(BASIS_PREFERENCE.index),
        _approx=frame["qualifier"].map(QUALIFIER_PREFERENCE.index),
    )
    keys = ["year", "_bound", "_basis", "_approx", "is_derived", "source_id"]
    ranked = ranked.sort_values(keys, kind="stable")
    return ranked.drop(columns=["_bound", "_basis", "_approx"])


def get_series(
    indicator_id: str,
    region_code: str,
    *,
    census_base: int | None = None,
    include_targets: bool = False,
    include_submissions: bool = False,
) -> pd.DataFrame:
    """Return one public observation per year for an indicator and region.

    Parameters
    ----------
    indicator_id : str
        An id of the indicator registry.
    region_code : str
        A 6-digit region code, e.g. ``"141024"``.
    census_base : {2010, 2020}, optional
        Keep only figures anchored to that census (and figures with no census base), so that a
        series does not run across the 2020 census break.
    include_targets : bool, default False
        Also consider plan targets (they rank after every outcome of the same year).
    include_submissions : False
        As in :func:`load_observations` (True raises; see :mod:`hongtonglib.merged_observations`).

    Returns
    -------
    pandas.DataFrame
        One row per year, oldest first: the chosen observation's columns and
        ``n_observations``, the number of observations there were to choose from.

    """
    _refuse_submissions(include_submissions)
    check_series_ids(indicator_id, region_code)
    return _series_cached(
        observations_path(), indicator_id, region_code, census_base, include_targets
    ).copy()


def _refuse_submissions(include_submissions: bool) -> None:
    if include_submissions:
        raise ValueError(
            "hongtonglib.indicators holds public observations only: use "
            "hongtonglib.merged_observations for approved department submissions"
        )


def check_series_ids(indicator_id: str, region_code: str) -> None:
    """Raise KeyError when the registry does not know the indicator or the region."""
    registries = load_registries()
    if indicator_id not in registries.indicators:
        raise KeyError(f"unknown indicator_id {indicator_id!r}")
    if region_code not in registries.regions:
        raise KeyError(f"unknown region_code {region_code!r}")


def select_series(
    frame: pd.DataFrame,
    indicator_id: str,
    region_code: str,
    census_base: int | None = None,
    include_targets: bool = False,
) -> pd.DataFrame:
    """Return one row per year of ``frame`` for an indicator and region, by the preference rule.

    The rows of :func:`get_series`, from any frame of :data:`FRAME_COLUMNS`.
    """
    rows = frame[(frame["indicator_id"] == indicator_id) & (frame["region_code"] == region_code)]
    if not include_targets:
        rows = rows[rows["basis"] != "plan_target"]
    if census_base is not None:
        rows = rows[rows["census_base"].isna() | (rows["census_base"] == census_base)]
    ranked = rank_observations(rows)
    counts = ranked.groupby("year").size().rename("n_observations")
    chosen = ranked.drop_duplicates("year", keep="first").join(counts, on="year")
    return chosen.reset_index(drop=True)


@lru_cache(maxsize=256)
def _series_cached(
    path: Path,
    indicator_id: str,
    region_code: str,
    census_base: int | None,
    include_targets: bool,
) -> pd.DataFrame:
    frame = load_cached(path, True)
    return select_series(frame, indicator_id, region_code, census_base, include_targets)
