"""Bounds of an indicator and the working scale models are fitted on.

A rate bounded on both sides (a percentage) is modelled on the logit scale
``logit((y - lo) / (hi - lo))`` and transformed back, so that every forecast and interval stays
inside the bounds. A one-sided bound (a count that cannot be negative) leaves the series on its
own scale; forecasts are clipped at the bound and the clipping is recorded.

Examples
--------
>>> b = Bounds.parse("0,100")
>>> t = Transform.for_bounds(b)
>>> round(float(t.inverse(t.forward(39.5))), 6)
39.5
>>> Bounds.parse(",100")
Bounds(lower=None, upper=100.0)

"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from hongtonglib.forecast.rules import LOGIT_SQUEEZE_SHARE
from hongtonglib.rates import logit


@dataclass(frozen=True)
class Bounds:
    """Lower and upper bound of an indicator (either may be ``None`` for no bound)."""

    lower: float | None = None
    upper: float | None = None

    def __post_init__(self) -> None:
        for name in ("lower", "upper"):
            value = getattr(self, name)
            if value is not None:
                value = float(value)
                if not math.isfinite(value):
                    raise ValueError(f"{name} bound must be a finite number, got {value}")
                object.__setattr__(self, name, value)
        if self.lower is not None and self.upper is not None and not self.lower < self.upper:
            raise ValueError(f"lower bound {self.lower:g} must be below upper bound {self.upper:g}")

    @classmethod
    def parse(cls, text: str) -> Bounds:
        """Parse ``"lo,hi"``; either side may be empty (``"0,"`` is a lower bound only).

        Raises
        ------
        ValueError
            When the text is not two comma-separated numbers (or blanks) with ``lo < hi``.

        """
        parts = str(text).split(",")
        if len(parts) != 2:
            raise ValueError(f"bounds must be 'lower,upper' (e.g. '0,100'), got {text!r}")
        values: list[float | None] = []
        for part in parts:
            part = part.strip()
            if not part:
                values.append(None)
                continue
            try:
                values.append(float(part))
            except ValueError:
                raise ValueError(f"bound {part!r} in {text!r} is not a number") from None
        return cls(values[0], values[1])

    @classmethod
    def coerce(cls, value: Bounds | tuple[float | None, float | None] | None) -> Bounds:
        """Return ``value`` as :class:`Bounds` (``None`` means unbounded)."""
        if value is None:
            return cls()
        if isinstance(value, Bounds):
            return value
        lower, upper = value
        return cls(lower, upper)

    @property
    def is_two_sided(self) -> bool:
        """Return whether both bounds are set (the series is modelled on the logit scale)."""
        return self.lower is not None and self.upper is not None

    @property
    def is_bounded(self) -> bool:
        """Return whether at least one bound is set."""
        return self.lower is not None or self.upper is not None

    def describe(self) -> str:
        """Return ``[lo, hi]`` with ``-inf``/``inf`` for a missing bound."""
        lo = "-inf" if self.lower is None else f"{self.lower:g}"
        hi = "inf" if self.upper is None else f"{self.upper:g}"
        return f"[{lo}, {hi}]"

    def clip(self, values: np.ndarray) -> np.ndarray:
        """Return ``values`` clipped into the bounds."""
        return np.clip(values, self.lower, self.upper) if self.is_bounded else values


class Scale(enum.StrEnum):
    """The scale a model is fitted on."""

    RAW = "raw"
    LOGIT = "logit"


@dataclass(frozen=True)
class Transform:
    """Map between the indicator's scale and the working scale of a model."""

    bounds: Bounds
    scale: Scale

    @classmethod
    def for_bounds(cls, bounds: Bounds) -> Transform:
        """Return the logit transform for two-sided bounds, else the identity."""
        return cls(bounds, Scale.LOGIT if bounds.is_two_sided else Scale.RAW)

    @classmethod
    def raw(cls, bounds: Bounds) -> Transform:
        """Return the identity transform (forecasts clipped to ``bounds``)."""
        return cls(bounds, Scale.RAW)

    @property
    def squeeze(self) -> float:
        """Return the distance kept from a bound before taking the logit."""
        if self.scale is Scale.RAW:
            return 0.0
        assert self.bounds.lower is not None and self.bounds.upper is not None
        return LOGIT_SQUEEZE_SHARE * (self.bounds.upper - self.bounds.lower)

    def forward(self, values: np.ndarray | float) -> np.ndarray:
        """Return observations on the working scale (values on a bound moved inside it)."""
        y = np.asarray(values, dtype=float)
        if self.scale is Scale.RAW:
            return y
        lo, hi = self.bounds.lower, self.bounds.upper
        assert lo is not None and hi is not None
        y = np.clip(y, lo + self.squeeze, hi - self.squeeze)
        return logit((y - lo) / (hi - lo))

    def forward_exact(self, value: float) -> float:
        """Return a target on the working scale, ``±inf`` on or beyond a bound (no squeeze)."""
        if self.scale is Scale.RAW:
            return float(value)
        lo, hi = self.bounds.lower, self.bounds.upper
        assert lo is not None and hi is not None
        if value <= lo:
            return -math.inf
        if value >= hi:
            return math.inf
        return float(logit((value - lo) / (hi - lo)))

    def inverse(self, values: np.ndarray | float) -> np.ndarray:
        """Return working-scale values on the indicator's scale, inside the bounds."""
        z = np.asarray(values, dtype=float)
        if self.scale is Scale.RAW:
            return self.bounds.clip(z)
        lo, hi = self.bounds.lower, self.bounds.upper
        assert lo is not None and hi is not None
        return np.clip(lo + (hi - lo) * expit(z), lo, hi)

    def squeezed(self, values: np.ndarray) -> np.ndarray:
        """Return a boolean mask of the values moved inside a bound by :meth:`forward`."""
        y = np.asarray(values, dtype=float)
        if self.scale is Scale.RAW:
            return np.zeros(y.shape, dtype=bool)
        lo, hi = self.bounds.lower, self.bounds.upper
        assert lo is not None and hi is not None
        return (y < lo + self.squeeze) | (y > hi - self.squeeze)
