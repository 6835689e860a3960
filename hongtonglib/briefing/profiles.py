"""Profile briefings without a parameter file per county: generated from the region list.

:func:`profile_briefings` turns a :class:`~hongtonglib.profiles.regions.ProfileSelection` into
briefings of kinds ``county_profile`` (``notebooks/county_profile.ipynb``, output
``profiles/county/<code>.html``), ``prefecture_profile`` and ``province_profile``
(``notebooks/region_profiles.ipynb``, ``profiles/prefecture/<code>.html``,
``profiles/province/<code>.html``). Each carries its generated parameter values
(``region_code``), which :func:`~hongtonglib.briefing.parameters.validate_briefings` checks
against the notebook's parameters cell like a YAML file's, and which enter the fingerprint;
the region list stands where a parameter file would, so editing it re-renders the profiles.
From there on a profile is a briefing like any other: manifest, unchanged skips, failure
pages, the offline check.

Examples
--------
>>> from hongtonglib.profiles.regions import ProfileSelection
>>> [b.name for b in profile_briefings(ProfileSelection(("141024",), ("141000",), ()))]
['profiles/county/141024', 'profiles/prefecture/141000']
"""

from __future__ import annotations

from pathlib import Path

from hongtonglib import paths
from hongtonglib.briefing.catalog import Briefing, BriefingKind
from hongtonglib.profiles.regions import ProfileSelection, region_list_path

COUNTY_NOTEBOOK = "county_profile"
"""Stem of the notebook rendered once per county unit."""

REGION_NOTEBOOK = "region_profiles"
"""Stem of the notebook rendered once per prefecture and province page."""


def profile_briefings(selection: ProfileSelection, root: Path | None = None) -> list[Briefing]:
    """Return the briefings of a selection: county profiles, then prefecture and province pages.

    Parameters
    ----------
    selection : ProfileSelection
        From :func:`hongtonglib.profiles.regions.resolve_selection`.
    root : Path, optional
        Project root; default :func:`hongtonglib.paths.project_root`.
    """
    base = root or paths.project_root()
    region_list = base / region_list_path().relative_to(paths.project_root())
    county_nb = base / "notebooks" / f"{COUNTY_NOTEBOOK}.ipynb"
    region_nb = base / "notebooks" / f"{REGION_NOTEBOOK}.ipynb"
    pages = [(BriefingKind.county_profile, county_nb, c) for c in selection.counties]
    pages += [(BriefingKind.prefecture_profile, region_nb, p) for p in selection.prefectures]
    pages += [(BriefingKind.province_profile, region_nb, v) for v in selection.provinces]
    return [
        Briefing(kind, code, notebook, region_list, generated=(("region_code", code),))
        for kind, notebook, code in pages
    ]
