"""County profiles: the same questions asked of every county-level unit of the census tables.

- :mod:`~hongtonglib.profiles.snapshot`: the census tables, the paired units and the national
  birth rates, loaded once per process and handed out as copies;
- :mod:`~hongtonglib.profiles.regions`: which county units exist, and the selection of
  ``hongtong render --profiles`` (a county, a prefecture, a province, every county);
- :mod:`~hongtonglib.profiles.county`: the frames of one county's profile;
- :mod:`~hongtonglib.profiles.region`: the frames of a prefecture's or a province's page.
"""

from hongtonglib.profiles.county import CountyProfile, county_profile
from hongtonglib.profiles.region import RegionProfiles, region_profiles
from hongtonglib.profiles.regions import (
    ProfileSelection,
    county_units,
    resolve_selection,
)

__all__ = [
    "CountyProfile",
    "ProfileSelection",
    "RegionProfiles",
    "county_profile",
    "county_units",
    "region_profiles",
    "resolve_selection",
]
