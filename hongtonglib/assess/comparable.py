"""Choose the observations of a series that are on one basis.

Intercensal estimates are anchored to a census: the sample-survey and bulletin figures of
2011-2019 rest on the 2010 census and were not revised here after the 2020 census showed
Hongtong 13% smaller. Joining them with figures anchored on the 2020 census would bridge the
break. The rule:

1. keep every figure anchored on the latest census (``census_base`` of the newest row);
2. keep earlier *census counts* too (``basis == "census"``): censuses measure the same thing
   the same way, so the 2010 census is comparable with the 2020 census;
3. drop the other earlier figures (pre-census estimates), each with its reason;
4. drop plan targets, which are not observations, and lower bounds (``qualifier`` ``at_least``).

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({
...     "year": [2010, 2019, 2020, 2022], "value": [32.82, 45.7, 39.54, 41.5],
...     "basis": ["census", "sample_survey", "census", "bulletin"],
...     "census_base": ["2010", "2010", "2020", "2020"]})
>>> kept, dropped = comparable_points(frame)
>>> kept.year.tolist(), dropped.year.tolist()
([2010, 2020, 2022], [2019])
"""

from __future__ import annotations

import pandas as pd

REASON_COLUMN = "dropped_reason"


def comparable_points(series: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a one-region series into comparable points and dropped points.

    Parameters
    ----------
    series : DataFrame
        Columns ``year``, ``value`` and, when known, ``basis``, ``census_base`` and
        ``qualifier``; one row per year.

    Returns
    -------
    kept, dropped : DataFrame
        ``kept`` sorted by year; ``dropped`` with a ``dropped_reason`` column.
    """
    frame = series.sort_values("year").reset_index(drop=True)
    basis = _text_column(frame, "basis")
    base = _text_column(frame, "census_base")
    qualifier = _text_column(frame, "qualifier")

    reasons = pd.Series("", index=frame.index, dtype=object)
    reasons[basis == "plan_target"] = "a plan target, not an observation"
    reasons[(reasons == "") & (qualifier == "at_least")] = "a lower bound, not a value"
    usable = reasons == ""
    latest_base = base[usable & (base != "")].iloc[-1] if (usable & (base != "")).any() else ""
    if latest_base:
        before_break = usable & (base != "") & (base != latest_base) & (basis != "census")
        reasons[before_break] = (
            f"anchored on the {base[before_break].iloc[0] if before_break.any() else ''} census; "
            f"not comparable with figures anchored on the {latest_base} census"
        )
    dropped = frame[reasons != ""].assign(**{REASON_COLUMN: reasons[reasons != ""]})
    return frame[reasons == ""].reset_index(drop=True), dropped.reset_index(drop=True)


def _text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """Return a column as plain strings with blanks for missing (any dtype, e.g. Int64)."""
    if name not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[name].astype("string").fillna("").astype(object)
