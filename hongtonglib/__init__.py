"""Hongtong County plan monitoring suite.

The library holds the cleaned 2024-2027 county-town urbanization action plan, indicator data
with provenance, forecasts and target assessment; notebooks call it and narrate.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hongtonglib")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

HONGTONG_REGION_CODE = "141024"
"""Administrative division code of Hongtong County (洪洞县)."""
