"""Parameter files checked against the notebook's declared parameters, before any kernel starts.

A parameter file's keys are exactly the parameter names of its notebook's cell tagged
``parameters`` (read with :func:`papermill.inspect_notebook`). papermill itself only warns on
an unknown parameter; here every one of these is an error naming the file and key:

- a key the notebook does not declare, or a declared parameter the file lacks;
- a value whose type differs from the default's (an ``int`` where the default is ``2027``;
  an ``int`` is accepted where the default is a ``float``); a type annotation in the
  parameters cell (``level: float = 0.8``) wins over the default's type;
- a value YAML reads as something a notebook cannot receive (a date: quote it);
- a sector or department the catalog does not know (the file name, and a ``sector_id`` or
  ``department_id`` key, which must agree with the file name);
- a file that is not UTF-8, larger than :data:`MAX_FILE_BYTES`, with a duplicate key or with
  YAML anchors/aliases (read by :func:`hongtonglib.yamlio.read_strict_yaml`);
- a year (a key ``*_year`` or an item of ``*_years``) outside :data:`YEAR_RANGE`, a ``level``
  not strictly between 0 and 1, a string longer than :data:`MAX_STRING_CHARS` or a list
  longer than :data:`MAX_LIST_ITEMS`.

Examples
--------
>>> expected_type("2027", "None")
<class 'int'>
>>> type_problem(2027.5, expected_type("2027", "None"), "2027")
"should be int like the notebook's default 2027, got float 2027.5"
"""

from __future__ import annotations

import ast
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hongtonglib.briefing.catalog import Briefing, BriefingKind, KnownIds, display_path
from hongtonglib.validation import ProblemCollector
from hongtonglib.yamlio import YamlFileError, read_strict_yaml

logger = logging.getLogger(__name__)

PARAMETERS_TAG = "parameters"
MAX_FILE_BYTES = 64 * 1024
"""Largest parameter file (the largest real one is under 1 KB)."""
MAX_STRING_CHARS = 500
"""Longest string value (titles and ids are far shorter; a longer one bloats every page)."""
MAX_LIST_ITEMS = 200
"""Longest list value."""
YEAR_RANGE = (1949, 2100)
"""Years a parameter may name: the People's Republic's statistics to the end of the century."""
PLAIN_TYPES = (str, int, float, bool, list, dict, type(None))
_ANNOTATION_TYPES = {
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
    "list": list,
    "dict": dict,
    "tuple": list,
}


def load_parameter_file(
    path: Path, problems: ProblemCollector, *, root: Path | None = None
) -> dict[str, Any] | None:
    """Return the mapping in a YAML parameter file, or ``None`` after recording a problem."""
    where = display_path(path, root)
    try:
        values = read_strict_yaml(path, max_bytes=MAX_FILE_BYTES)
    except YamlFileError as error:
        reason = str(error).removeprefix(f"{path}").lstrip(":, ")
        problems.add(
            where, f"cannot read the parameter file: {reason}", message_zh="无法读取参数文件"
        )
        return None
    except OSError as error:
        problems.add(
            where, f"cannot read the parameter file: {error}", message_zh="无法读取参数文件"
        )
        return None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        problems.add(
            where,
            "a parameter file must be a mapping of parameter names to values",
            message_zh="参数文件必须是“参数名: 值”的映射",
        )
        return None
    return {str(k): v for k, v in values.items()}


def declared_parameters(
    notebook: Path, problems: ProblemCollector, *, root: Path | None = None
) -> dict[str, dict[str, str]] | None:
    """Return the notebook's declared parameters as papermill's ``inspect_notebook`` reads them.

    A notebook with no cell tagged ``parameters``, or one papermill cannot read, is a problem
    (recorded) and gives ``None``.
    """
    where = display_path(notebook, root)
    if not notebook.is_file():
        problems.add(where, "notebook not found", message_zh="找不到笔记本")
        return None
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError) as error:
        problems.add(where, f"cannot read the notebook: {error}", message_zh="无法读取笔记本")
        return None
    if not any(PARAMETERS_TAG in c.get("metadata", {}).get("tags", []) for c in cells):
        problems.add(
            where,
            "the notebook has no cell tagged 'parameters'",
            message_zh="笔记本缺少标记为 parameters 的单元格",
        )
        return None

    import papermill

    try:
        return dict(papermill.inspect_notebook(str(notebook)))
    except Exception as error:  # papermill raises plain ValueError/KeyError on bad metadata
        problems.add(
            where,
            f"papermill cannot inspect the notebook: {error}",
            message_zh="papermill 无法读取笔记本参数",
        )
        return None


def expected_type(default: str, inferred_type_name: str) -> type | None:
    """Return the Python type a parameter's values must have, or ``None`` for any.

    The annotation (papermill's ``inferred_type_name``) wins; else the type of the default's
    literal; a default of ``None`` or an expression allows any plain value.
    """
    base = inferred_type_name.split("[", 1)[0].strip().lower()
    if base in _ANNOTATION_TYPES:
        return _ANNOTATION_TYPES[base]
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError):
        return None
    if value is None:
        return None
    if isinstance(value, tuple):
        return list
    return type(value) if isinstance(value, PLAIN_TYPES) else None


def type_problem(value: Any, expected: type | None, default: str) -> str | None:
    """Return why ``value`` does not fit a parameter of type ``expected``, or ``None``."""
    if not _is_plain(value):
        return (
            f"value {value!r} of type {type(value).__name__} cannot be passed to a "
            "notebook; quote it to make it a string"
        )
    if expected is not None and not _fits(value, expected):
        return (
            f"should be {expected.__name__} like the notebook's default {default}, "
            f"got {type(value).__name__} {value!r}"
        )
    return _element_problem(value, default) if isinstance(value, list) else None


def _fits(value: Any, expected: type) -> bool:
    if expected is bool:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if expected is float:
        return isinstance(value, int | float)
    return isinstance(value, expected)


def _element_problem(value: list[Any], default: str) -> str | None:
    """Check list elements against the default's elements when those share one type."""
    try:
        default_items = ast.literal_eval(default)
    except (ValueError, SyntaxError):
        return None
    kinds = {type(item) for item in default_items or []}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    for index, item in enumerate(value):
        if not _fits(item, kind):
            return (
                f"item {index} should be {kind.__name__} like the default's items, "
                f"got {type(item).__name__} {item!r}"
            )
    return None


def _is_plain(value: Any) -> bool:
    if isinstance(value, list):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return isinstance(value, PLAIN_TYPES)


def check_parameters(
    values: dict[str, Any],
    declared: dict[str, dict[str, str]],
    where: str,
    problems: ProblemCollector,
) -> None:
    """Record every unknown key, missing key and wrong type of one parameter file."""
    for key in values:
        if key not in declared:
            problems.add(
                where,
                f"unknown parameter '{key}': the notebook declares {sorted(declared)}",
                field=key,
                message_zh=f"未知参数 {key}",
            )
    for key, spec in declared.items():
        if key not in values:
            problems.add(
                where,
                f"missing parameter '{key}' (the notebook's default is {spec['default']})",
                field=key,
                message_zh=f"缺少参数 {key}",
            )
            continue
        expected = expected_type(spec["default"], spec.get("inferred_type_name", "None"))
        reason = type_problem(values[key], expected, spec["default"])
        if reason:
            problems.add(
                where, f"parameter '{key}' {reason}", field=key, message_zh=f"参数 {key} 类型错误"
            )
            continue
        reason = range_problem(key, values[key])
        if reason:
            problems.add(
                where, f"parameter '{key}' {reason}", field=key, message_zh=f"参数 {key} 超出范围"
            )


def range_problem(key: str, value: Any) -> str | None:
    """Return why a well-typed value is out of range (years, levels, sizes), or ``None``.

    >>> range_problem("as_of_year", 99999)
    'is 99999, outside the years 1949-2100'
    >>> range_problem("level", 1.5) is not None, range_problem("level", 0.8)
    (True, None)
    """
    low, high = YEAR_RANGE
    if key.endswith("_year") and isinstance(value, int) and not low <= value <= high:
        return f"is {value}, outside the years {low}-{high}"
    if key.endswith("_years") and isinstance(value, list):
        for item in value:
            if isinstance(item, int) and not low <= item <= high:
                return f"holds {item}, outside the years {low}-{high}"
    if (key == "level" or key.endswith("_level")) and isinstance(value, int | float):
        if not 0 < value < 1:
            return f"is {value}; a level is a probability strictly between 0 and 1"
    return _size_problem(value)


def _size_problem(value: Any) -> str | None:
    if isinstance(value, str) and len(value) > MAX_STRING_CHARS:
        return f"is a string of {len(value)} characters, more than {MAX_STRING_CHARS}"
    if isinstance(value, list | dict):
        if len(value) > MAX_LIST_ITEMS:
            return f"has {len(value)} items, more than {MAX_LIST_ITEMS}"
        items = value.values() if isinstance(value, dict) else value
        return next((p for p in map(_size_problem, items) if p), None)
    return None


def check_ids(
    briefing: Briefing,
    values: dict[str, Any],
    known: KnownIds,
    where: str,
    problems: ProblemCollector,
) -> None:
    """Record an unknown sector or department, in the file name or in an id key."""
    if briefing.kind is BriefingKind.sector:
        key, allowed, noun = "sector_id", known.sectors, "sector"
    else:
        key, allowed, noun = "department_id", known.departments, "department"
    if briefing.briefing_id not in allowed:
        problems.add(
            where,
            f"unknown {noun} '{briefing.briefing_id}' (the file name); known: "
            f"{', '.join(sorted(allowed))}",
            message_zh=f"未知的{noun}：{briefing.briefing_id}",
        )
    if key in values and values[key] != briefing.briefing_id:
        problems.add(
            where,
            f"{key} '{values[key]}' does not match the file name '{briefing.briefing_id}'",
            field=key,
            message_zh=f"{key} 与文件名不一致",
        )


def validate_briefings(
    briefings: Iterable[Briefing], known: KnownIds, *, root: Path | None = None
) -> dict[str, dict[str, Any]]:
    """Check every briefing's parameter file and return its values, keyed by briefing name.

    Parameters
    ----------
    briefings : iterable of Briefing
        The briefings about to be rendered.
    known : KnownIds
        Sector and department ids a file may name (see :func:`catalog.known_ids`).
    root : Path, optional
        Project root, for file names in messages.

    Raises
    ------
    hongtonglib.validation.ValidationFailed
        With every problem of every file, each naming the file and key.
    """
    problems = ProblemCollector()
    inspected: dict[Path, dict[str, dict[str, str]] | None] = {}
    result: dict[str, dict[str, Any]] = {}
    for briefing in briefings:
        where = display_path(briefing.parameter_file, root)
        if briefing.generated is not None:  # a profile: generated from the region list
            where = f"{where} (generated parameters of {briefing.name})"
            values: dict[str, Any] | None = dict(briefing.generated)
        else:
            values = load_parameter_file(briefing.parameter_file, problems, root=root)
        if briefing.notebook not in inspected:
            inspected[briefing.notebook] = declared_parameters(
                briefing.notebook, problems, root=root
            )
        declared = inspected[briefing.notebook]
        if values is None:
            continue
        if briefing.generated is None:  # profile codes are checked when they are selected
            check_ids(briefing, values, known, where, problems)
        if declared is not None:
            check_parameters(values, declared, where, problems)
        result[briefing.name] = values
    problems.raise_if_any()
    logger.info("parameter files valid: %d briefing(s)", len(result))
    return result
