"""Indicator registry, sources registry, regions, tidy observations and their validation.

Examples
--------
>>> from hongtonglib.indicators import get_series
>>> get_series("resident_population_persons", "141024").set_index("year").loc[2020, "value"]
np.float64(637812.0)
"""

from hongtonglib.indicators.observations import get_series, load_observations
from hongtonglib.indicators.registry import (
    load_indicators,
    load_regions,
    load_registries,
    load_sources,
)
from hongtonglib.indicators.validate import validate_observations_file

__all__ = [
    "get_series",
    "load_indicators",
    "load_observations",
    "load_regions",
    "load_registries",
    "load_sources",
    "validate_observations_file",
]
