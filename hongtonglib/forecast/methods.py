"""The forecasting methods: names, Chinese labels, minimum points and fallback chains.

Examples
--------
>>> from hongtonglib.forecast.methods import Method, parse_method
>>> Method.ETS_DAMPED.label_zh
'阻尼趋势指数平滑'
>>> Method.DRIFT.label_zh_on("logit")
'对数尺度上的带漂移随机游走'
>>> parse_method("auto") is None
True

"""

from __future__ import annotations

import enum


class Method(enum.StrEnum):
    """A forecasting method the package can fit."""

    NAIVE = "naive"
    DRIFT = "drift"
    LINEAR = "linear"
    LOGIT_LINEAR = "logit_linear"
    ETS_DAMPED = "ets_damped"
    ARIMA_DRIFT = "arima_drift"

    @property
    def label_zh(self) -> str:
        """Return the short Chinese label used in briefings."""
        return _LABELS_ZH[self]

    def label_zh_on(self, scale: str) -> str:
        """Return the Chinese label of the method fitted on ``scale`` (``"raw"`` or ``"logit"``).

        On the logit scale the label says so (``logit_linear`` names it already), so that a
        briefing's "按{label}（3个数据点）预测" reads "按对数尺度上的带漂移随机游走……".
        """
        if str(scale) == "logit" and self is not Method.LOGIT_LINEAR:
            return f"{LOGIT_PREFIX_ZH}{self.label_zh}"
        return self.label_zh

    @property
    def min_points(self) -> int:
        """Return the fewest observed points the method is fitted on."""
        return _MIN_POINTS[self]

    @property
    def simplicity_rank(self) -> int:
        """Return the rank in the simplicity order (0 = simplest), used to break ties."""
        return list(Method).index(self)


AUTO = "auto"
"""The request for the automatic choice."""

LOGIT_PREFIX_ZH = "对数尺度上的"
"""Put before a label when the method runs on the logit scale of a rate (the briefings call the
logit scale 对数尺度)."""

_LABELS_ZH: dict[Method, str] = {
    Method.NAIVE: "朴素外推（保持最新值）",
    Method.DRIFT: "带漂移随机游走",
    Method.LINEAR: "线性趋势",
    Method.LOGIT_LINEAR: "logit线性趋势（城乡增长差）",
    Method.ETS_DAMPED: "阻尼趋势指数平滑",
    Method.ARIMA_DRIFT: "带漂移ARIMA(1,1,0)",
}

_MIN_POINTS: dict[Method, int] = {
    Method.NAIVE: 2,
    Method.DRIFT: 2,
    Method.LINEAR: 2,
    Method.LOGIT_LINEAR: 2,
    Method.ARIMA_DRIFT: 6,
    Method.ETS_DAMPED: 8,
}

TREND = "trend"
"""Placeholder in a fallback chain: the linear trend on the series' working scale
(``logit_linear`` for a rate bounded on both sides, else ``linear``)."""

FALLBACKS: dict[Method, tuple[Method | str, ...]] = {
    Method.ETS_DAMPED: (TREND, Method.DRIFT, Method.NAIVE),
    Method.ARIMA_DRIFT: (Method.DRIFT, Method.NAIVE),
    Method.LINEAR: (Method.DRIFT, Method.NAIVE),
    Method.LOGIT_LINEAR: (Method.DRIFT, Method.NAIVE),
    Method.DRIFT: (Method.NAIVE,),
    Method.NAIVE: (),
}
"""What each method falls back to, in order, when it cannot be fitted or fails a check."""


def parse_method(name: str | Method) -> Method | None:
    """Return the :class:`Method` named ``name``, or ``None`` for ``"auto"``.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the known ones.

    """
    if isinstance(name, Method):
        return name
    text = str(name).strip().lower()
    if text == AUTO:
        return None
    try:
        return Method(text)
    except ValueError:
        known = ", ".join([AUTO, *(m.value for m in Method)])
        raise ValueError(f"unknown forecasting method {name!r}; known: {known}") from None
