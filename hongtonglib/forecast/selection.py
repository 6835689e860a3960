"""Score candidate methods on backtest forecasts and choose one.

Only a candidate's own forecasts count (not those of a fallback), and candidates are compared on
the forecasts they all have: the (origin, year) pairs common to every compared candidate. A
candidate needs ``SELECTION_MIN_FORECASTS`` such forecasts; while the common set is smaller, the
candidate with the fewest forecasts (the most complex on a tie) leaves the comparison. The
choice is the lowest MASE (equivalently MAE: the scale is the same for all), ties going to the
simpler method.

Examples
--------
>>> import pandas as pd
>>> forecasts = pd.DataFrame({
...     "origin_year": [2015, 2015, 2016, 2016, 2017, 2017],
...     "year": [2016, 2016, 2017, 2017, 2018, 2018],
...     "model": ["naive", "drift"] * 3, "method_used": ["naive", "drift"] * 3,
...     "abs_error": [1.0, 0.2, 1.0, 0.1, 1.0, 0.3], "scaled_error": [1.0, 0.2, 1.0, 0.1, 1.0, 0.3],
...     "has_interval": [True] * 6, "covered": [True] * 6})
>>> choice = choose_method(forecasts, [Method.NAIVE, Method.DRIFT])
>>> choice.method.value, choice.scores["mase"].round(2).tolist()
('drift', [1.0, 0.2])

"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from hongtonglib.forecast.methods import Method
from hongtonglib.forecast.rules import SELECTION_MIN_FORECASTS

ACCURACY_COLUMNS = ["model", "n_forecasts", "mase", "mae", "coverage", "n_with_interval"]
"""A model and the accuracy of its forecasts (:func:`score`): the start of the selection's
scores and of the backtest summary."""

SCORE_COLUMNS = [*ACCURACY_COLUMNS, "compared"]


@dataclass(frozen=True, eq=False)
class Choice:
    """The method chosen from backtest forecasts (``None`` if no candidate could be compared)."""

    method: Method | None
    reason: str
    scores: pd.DataFrame


def score(rows: pd.DataFrame) -> dict[str, float | int]:
    """Return ``n_forecasts, mase, mae, coverage, n_with_interval`` of backtest rows."""
    with_interval = rows[rows["has_interval"]]
    return {
        "n_forecasts": len(rows),
        "mase": float(rows["scaled_error"].mean()) if len(rows) else np.nan,
        "mae": float(rows["abs_error"].mean()) if len(rows) else np.nan,
        "coverage": float(with_interval["covered"].astype(float).mean())
        if len(with_interval)
        else np.nan,
        "n_with_interval": len(with_interval),
    }


def choose_method(forecasts: pd.DataFrame, candidates: Sequence[Method]) -> Choice:
    """Choose among ``candidates`` from backtest ``forecasts`` (one row per forecast).

    Parameters
    ----------
    forecasts : DataFrame
        Columns ``origin_year, year, model, method_used, abs_error, scaled_error,
        has_interval, covered``.
    candidates : sequence of Method
        The methods to compare, in any order.

    """
    own = forecasts[forecasts["model"] == forecasts["method_used"]]
    keys = {
        m: set(zip(g["origin_year"], g["year"], strict=True))
        for m, g in own.groupby("model")
        if m in {c.value for c in candidates}
    }
    compared = [c for c in candidates if len(keys.get(c.value, ())) >= SELECTION_MIN_FORECASTS]
    common: set[tuple[int, int]] = set()
    while compared:
        common = set.intersection(*(keys[c.value] for c in compared))
        if len(common) >= SELECTION_MIN_FORECASTS:
            break
        fewest = min(compared, key=lambda c: (len(keys[c.value]), -c.simplicity_rank))
        compared.remove(fewest)

    records = []
    for c in candidates:
        rows = own[own["model"] == c.value]
        if c in compared:
            pairs = pd.Series(list(zip(rows["origin_year"], rows["year"], strict=True)))
            rows = rows[pairs.isin(common).to_numpy()]
        records.append({"model": c.value, **score(rows), "compared": c in compared})
    scores = pd.DataFrame.from_records(records, columns=SCORE_COLUMNS)

    if not compared:
        return Choice(None, "no candidate had enough backtest forecasts to be compared", scores)
    mae = dict(zip(scores["model"], scores["mae"], strict=True))
    best = min(compared, key=lambda c: (mae[c.value], c.simplicity_rank))
    years = sorted({origin for origin, _ in common})
    shown = scores[scores["compared"]].sort_values("mae")
    if shown["mase"].notna().all():
        measure = "MASE"
        others = ", ".join(
            f"{m} {v:.2f}" for m, v in zip(shown["model"], shown["mase"], strict=True)
        )
    else:  # the series never changes: no naive scale
        measure = "MAE (MASE undefined: the series does not change)"
        others = ", ".join(
            f"{m} {v:.4g}" for m, v in zip(shown["model"], shown["mae"], strict=True)
        )
    left_out = [c.value for c in candidates if c not in compared]
    reason = (
        f"chosen by rolling-origin backtest: lowest error over {len(common)} forecasts from "
        f"origins {years[0]}–{years[-1]} shared by the candidates ({measure}: {others})"
    )
    if left_out:
        reason += f"; too few own forecasts to compare: {', '.join(left_out)}"
    return Choice(best, reason, scores)
