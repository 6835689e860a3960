"""What every model fit returns: a predictive distribution per future year, on the working scale.

Examples
--------
>>> import numpy as np
>>> fit = ModelFit(loc=np.array([1.0, 2.0]), scale=None, df=None)
>>> fit.interval_kind
<IntervalKind.NONE: 'none'>

"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np


class IntervalKind(enum.StrEnum):
    """The interval a forecast claims."""

    NONE = "none"
    """No interval claim: lower = upper = mean (too few points, or the method has none)."""
    STUDENT_T = "student_t"
    """Student t prediction interval (regression, drift and naive models)."""
    NORMAL = "normal"
    """Gaussian prediction interval from a state-space model (ETS, ARIMA)."""


class ModelFitError(Exception):
    """A model could not be fitted, or its fit failed a check; the message says why."""


@dataclass(frozen=True, eq=False)
class ModelFit:
    """A fitted model's predictive distribution for horizons 1..H (years), on the working scale.

    Attributes
    ----------
    loc : ndarray
        Centre (mean on the working scale) for each horizon.
    scale : ndarray or None
        Predictive standard deviation for each horizon; ``None`` when no interval is claimed.
    df : float or None
        Degrees of freedom of a Student t predictive distribution; ``None`` for Gaussian.
    notes : tuple of str
        What the model reports about itself (e.g. the state-space form used for gaps).

    """

    loc: np.ndarray
    scale: np.ndarray | None
    df: float | None
    notes: tuple[str, ...] = ()

    @property
    def interval_kind(self) -> IntervalKind:
        """Return the kind of interval this fit claims."""
        if self.scale is None:
            return IntervalKind.NONE
        return IntervalKind.NORMAL if self.df is None else IntervalKind.STUDENT_T

    def without_interval(self, note: str) -> ModelFit:
        """Return the same centre with no interval claim, recording why."""
        return ModelFit(self.loc, None, None, (*self.notes, note))
