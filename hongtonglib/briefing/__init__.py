"""Briefings: parameter files, rendering with papermill and nbconvert, manifest and index page.

Modules, each one concern:

- :mod:`~hongtonglib.briefing.catalog`: which briefings exist (parameter files → notebooks)
  and the sector and department ids they may name.
- :mod:`~hongtonglib.briefing.parameters`: parameter files checked against the notebook's
  declared parameters before any kernel starts.
- :mod:`~hongtonglib.briefing.fingerprint`: input hashes that decide whether a briefing is
  unchanged.
- :mod:`~hongtonglib.briefing.manifest`: the per-run ``manifest.json``.
- :mod:`~hongtonglib.briefing.execute`: one briefing in a worker process: execute, export.
- :mod:`~hongtonglib.briefing.export`: HTML export with the project template, offline.
- :mod:`~hongtonglib.briefing.pages`: failure page and index page.
- :mod:`~hongtonglib.briefing.render`: the whole run (``hongtong render``).
- :mod:`hongtonglib.summary` (below the presentation layer): the one-line summary a notebook
  publishes and the renderer reads.

Importing this package is cheap: papermill, nbconvert and pandas are imported only where a
notebook is executed or exported, so an unchanged re-run stays fast.
"""
