r"""Read YAML files: data files fast, hand-edited files strictly.

:func:`read_yaml` reads the project's own data files with libyaml's safe loader when present
(the pure-Python one if not). :func:`read_strict_yaml` reads files people edit by hand
(briefing parameter files): at most ``max_bytes``, UTF-8 only (a GBK file gets a message
saying so, not a ``UnicodeDecodeError``), no duplicate keys (YAML would keep the last value
silently), no anchors or aliases (an 856-byte "billion laughs" file expands to gigabytes), and
every problem raised as :class:`YamlFileError` naming the file and line.

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

STRICT_MAX_BYTES = 64 * 1024
"""Default size cap of a hand-edited YAML file."""


class YamlFileError(ValueError):
    """A hand-edited YAML file is too large, not UTF-8, or uses what is refused."""


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors, aliases and duplicate mapping keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.constructor.ConstructorError(
                None, None, "anchors and aliases (&, *) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, int | float | str | bool) and key is not None:
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_strict_yaml(path: str | os.PathLike[str], *, max_bytes: int = STRICT_MAX_BYTES) -> Any:
    r"""Return the content of a hand-edited YAML file, checked strictly.

    Raises
    ------
    YamlFileError
        When the file is larger than ``max_bytes``, not UTF-8, holds a duplicate key, an
        anchor or alias, or is not valid YAML.
    OSError
        When it cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "p.yaml"
    >>> _ = path.write_text("a: 1\na: 2\n", encoding="utf-8")
    >>> read_strict_yaml(path)
    Traceback (most recent call last):
    ...
    hongtonglib.yamlio.YamlFileError: ...duplicate key 'a'...
    """
    size = os.path.getsize(path)
    if size > max_bytes:
        raise YamlFileError(f"{path}: {size} bytes, more than the {max_bytes} allowed")
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlFileError(
            f"{path}: not UTF-8 (byte {error.start}, line {line}; saved as GBK?); "
            "save the file as UTF-8"
        ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        reason = " ".join(str(error.problem or error.context or error).split())
        raise YamlFileError(f"{where}: {reason}") from None
    except yaml.YAMLError as error:
        raise YamlFileError(f"{path}: {' '.join(str(error).split())}") from None


def read_yaml(path: str | os.PathLike[str]) -> Any:
    """Return the content of a UTF-8 YAML file, loaded safely (no arbitrary objects)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)
