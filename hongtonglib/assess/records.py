"""The frozen result of assessing one target milestone."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from hongtonglib.assess.status import Status


@dataclass(frozen=True)
class ForecastSummary:
    """What the assessment keeps of a forecast at the target's deadline.

    Attributes
    ----------
    method : str
        The forecast method (e.g. ``drift``).
    method_label_zh : str
        Its Chinese label for briefings.
    points_used : int
        Observations the forecast used.
    year : int
        The deadline year forecast.
    mean, lower, upper : float
        Central forecast and interval limits at ``level`` (equal when no interval claim).
    level : float
        Interval coverage.
    has_interval : bool
        False when the method makes no interval claim (too few points).
    probability : float or None
        Probability of meeting the target by the deadline, when the method has a predictive
        distribution.
    probability_note : str
        How the probability was computed, or why there is none.
    path : tuple of (year, mean, lower, upper)
        Every forecast year up to the deadline, for charts.
    calibration_series : int or None
        Number of real series the interval was calibrated on (None: the model's own interval).
    combined_with_outside_view : bool
        Whether the interval and probability come from the county's forecast combined with the
        reference class (urbanization).
    """

    method: str
    method_label_zh: str
    points_used: int
    year: int
    mean: float
    lower: float
    upper: float
    level: float
    has_interval: bool
    probability: float | None
    probability_note: str
    path: tuple[tuple[int, float, float, float], ...] = ()
    calibration_series: int | None = None
    combined_with_outside_view: bool = False


@dataclass(frozen=True)
class TargetAssessment:
    """The assessment of one target milestone for one region.

    Paces are in the indicator's unit per year (percentage points for rates) and, for bounded
    rates with a target inside the bounds, on the logit scale; ``pace_scale`` says which one
    the status used. ``gap`` is positive when the latest value falls short of the target.
    """

    target_id: str
    task_id: int
    indicator_id: str
    label_zh: str
    requirement: str
    unit: str
    target_year: int
    threshold: float
    region_code: str
    as_of: int
    status: Status
    supplier_department_id: str | None
    latest_value: float | None = None
    latest_year: int | None = None
    latest_basis: str | None = None
    latest_source_id: str | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    points_used: int = 0
    points_dropped: int = 0
    gap: float | None = None
    years_left: int = 0
    observed_pace: float | None = None
    required_pace: float | None = None
    observed_pace_logit: float | None = None
    required_pace_logit: float | None = None
    pace_scale: str | None = None
    pace_ratio: float | None = None
    forecast: ForecastSummary | None = None
    outside_view_share: float | None = None
    outside_view_note: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def status_label_zh(self) -> str:
        """Return the status in Chinese."""
        return self.status.label_zh

    @property
    def probability(self) -> float | None:
        """Return the forecast probability of meeting the target, if there is one."""
        return self.forecast.probability if self.forecast else None

    def to_row(self) -> dict[str, object]:
        """Return a flat dict for a table row (forecast fields prefixed ``forecast_``)."""
        row = asdict(self)
        forecast = row.pop("forecast")
        row["status"] = self.status.value
        row["status_label_zh"] = self.status_label_zh
        row["notes"] = "; ".join(self.notes)
        for key in ForecastSummary.__dataclass_fields__:
            if key != "path":
                row[f"forecast_{key}"] = forecast[key] if forecast else None
        row["probability"] = self.probability
        return row
