r"""Read YAML data files fast: libyaml's safe loader when present, the pure-Python one if not.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.yaml"
>>> _ = path.write_text("- id: 1\n", encoding="utf-8")
>>> read_yaml(path)
[{'id': 1}]

"""

from __future__ import annotations

import os
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | os.PathLike[str]) -> Any:
    """Return the content of a UTF-8 YAML file, loaded safely (no arbitrary objects)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)
