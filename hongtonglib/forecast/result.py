"""The frozen result of a forecast, and the probability of meeting a target.

Examples
--------
>>> from hongtonglib.forecast import forecast_series
>>> result = forecast_series({2018: 10.0, 2019: 11.0, 2020: 12.5, 2021: 13.0}, horizon=2)
>>> result.method, result.interval_kind.value, list(result.table.columns)
('drift', 'student_t', ['year', 'mean', 'mean_ci_lower', 'mean_ci_upper'])
>>> result.probability_of_meeting(2023, 0.0, ">=").probability > 0.99
True

"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hongtonglib.forecast.bounds import Bounds
from hongtonglib.forecast.distribution import Comparator, Predictive
from hongtonglib.forecast.modelfit import IntervalKind
from hongtonglib.forecast.series import DroppedPoint


@dataclass(frozen=True)
class TargetProbability:
    """The probability that the forecast meets a target in a year, and how it was obtained.

    Attributes
    ----------
    year : int
    target : float
    comparator : str
        ``">="``, ``">"``, ``"<="`` or ``"<"``.
    probability : float or None
        ``None`` when the method makes no interval claim.
    method : str
        The forecasting method behind it.
    explanation : str
        How it was computed, or why there is none (plain English).

    """

    year: int
    target: float
    comparator: str
    probability: float | None
    method: str
    explanation: str


@dataclass(frozen=True, eq=False)
class ForecastResult:
    """A forecast of an annual series, with everything needed to say how it was made.

    Attributes
    ----------
    table : DataFrame
        One row per forecast year: ``year``, ``mean``, ``mean_ci_lower``, ``mean_ci_upper``.
        The limits are a prediction interval (where a new observation will fall) at ``level``;
        without an interval claim they equal ``mean``. On the logit scale ``mean`` is the
        back-transformed centre, i.e. the median.
    level : float
        Coverage of the interval (e.g. 0.8).
    method : str
        The method used (``"naive"``, ``"drift"``, ``"linear"``, ``"logit_linear"``,
        ``"ets_damped"``, ``"arima_drift"``).
    method_label_zh : str
        Short Chinese label of ``method`` for briefings, naming the logit scale where the method
        ran on it (e.g. ``"对数尺度上的带漂移随机游走"``).
    requested_method : str
        What was asked for (``"auto"`` or a method); differs from ``method`` after a fallback.
    interval_kind : IntervalKind
        ``none`` (no interval claim: lower = upper = mean), ``student_t`` or ``normal``.
    interval_note : str
        One sentence on the interval (or why there is none).
    scale : str
        Working scale of the model: ``"raw"`` or ``"logit"``.
    bounds : Bounds
    points_used : tuple of (year, value)
    dropped : tuple of DroppedPoint
        Input points left out, each with its reason (census break, plan target).
    backtest : DataFrame or None
        Scores of the candidates in the selection backtest (``model, n_forecasts, mase, mae,
        coverage, n_with_interval, compared``), when the automatic choice ran one.
    selection_reason : str
        Why this method.
    notes : tuple of str
        Everything else: breaks, fallbacks and their reasons, warnings from the fits, clipping.
    predictive : Predictive
        The predictive distribution behind ``table`` and the probabilities.

    """

    table: pd.DataFrame
    level: float
    method: str
    method_label_zh: str
    requested_method: str
    interval_kind: IntervalKind
    interval_note: str
    scale: str
    bounds: Bounds
    points_used: tuple[tuple[int, float], ...]
    dropped: tuple[DroppedPoint, ...]
    backtest: pd.DataFrame | None
    selection_reason: str
    notes: tuple[str, ...]
    predictive: Predictive

    @property
    def last_year(self) -> int:
        """Return the year of the last observation used."""
        return self.points_used[-1][0]

    @property
    def last_value(self) -> float:
        """Return the last observation used."""
        return self.points_used[-1][1]

    def value_in(self, year: int) -> pd.Series:
        """Return the table row of ``year`` (``mean``, ``mean_ci_lower``, ``mean_ci_upper``).

        Raises
        ------
        KeyError
            When ``year`` is not a forecast year.

        """
        rows = self.table[self.table["year"] == year]
        if rows.empty:
            raise KeyError(f"{year} is not a forecast year")
        return rows.iloc[0]

    def probability_of_meeting(
        self, year: int, target: float, comparator: str | Comparator = ">="
    ) -> TargetProbability:
        """Return the probability that the value of ``year`` meets ``target``.

        Parameters
        ----------
        year : int
            A forecast year.
        target : float
            On the indicator's scale.
        comparator : {">=", ">", "<=", "<"}
            ``">="`` for "at least the target" (higher is better), ``"<="`` for "at most".

        Returns
        -------
        TargetProbability
            ``probability`` is ``None`` when the method makes no interval claim (e.g. 2
            points); ``explanation`` says why or how it was computed.

        Raises
        ------
        ValueError
            For a year that is not forecast, or an unknown comparator.

        Examples
        --------
        >>> from hongtonglib.forecast import forecast_series
        >>> r = forecast_series({2010: 32.8, 2020: 39.5}, horizon=7, bounds=(0, 100))
        >>> r.probability_of_meeting(2027, 55.0).probability is None
        True

        """
        comparator = Comparator(comparator)
        probability = self.predictive.probability(year, target, comparator)
        if probability is None:
            explanation = (
                f"no probability: {self.interval_note} The forecast for {year} is "
                f"{float(self.value_in(year)['mean']):.4g}."
            )
        else:
            family = (
                "Gaussian"
                if self.predictive.df is None
                else f"Student t ({self.predictive.df:g} df)"
            )
            on_scale = " on the logit scale" if self.scale == "logit" else ""
            explanation = (
                f"P(value in {year} {comparator.value} {target:g}) from the {family} predictive "
                f"distribution{on_scale} of the {self.method} forecast, fitted on "
                f"{len(self.points_used)} points {self.points_used[0][0]}–{self.last_year}."
            )
        return TargetProbability(
            year, float(target), comparator.value, probability, self.method, explanation
        )
