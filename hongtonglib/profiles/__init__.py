"""County profiles: the same questions asked of every county-level unit of the census tables.

- :mod:`~hongtonglib.profiles.snapshot`: the census tables, the paired units and the national
  birth rates, loaded once per process and handed out as copies;
- :mod:`~hongtonglib.profiles.regions`: which county units exist, and the selection of
  ``hongtong render --profiles`` (a county, a prefecture, a province, every county), read
  from the region list with the standard library only (the unchanged path of a render run
  stays light; this package's ``__init__`` therefore imports nothing);
- :mod:`~hongtonglib.profiles.county`: the frames of one county's profile;
- :mod:`~hongtonglib.profiles.region`: the frames of a prefecture's or a province's page.
"""
