"""Names of the plan's sector briefings, shared by the catalog and the pages that link to them.

Examples
--------
>>> SECTOR_BRIEFINGS[0]
'overview'
"""

from __future__ import annotations

SECTOR_BRIEFINGS: tuple[str, ...] = ("overview", "housing", "health", "education", "environment")
"""Sector briefings, in the order the index lists them (``overview`` first)."""
