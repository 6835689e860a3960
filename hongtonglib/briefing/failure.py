"""What went wrong with a briefing: the failing cell, the error, and where to look.

Examples
--------
>>> info = FailureInfo(stage="execute", ename="ValueError", evalue="bad", cell_index=3,
...                    execution_count=2)
>>> info.headline()
'ValueError: bad (cell 3, execution count 2)'
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

STAGE_LABELS = {
    "execute": ("执行笔记本", "executing the notebook"),
    "export": ("生成网页", "exporting the HTML page"),
    "offline": ("离线检查", "checking the page is self-contained"),
}


def strip_ansi(text: str) -> str:
    """Remove terminal colour codes from a traceback."""
    return _ANSI.sub("", text)


@dataclass(frozen=True)
class FailureInfo:
    """One briefing's failure.

    Attributes
    ----------
    stage : str
        ``execute`` (a cell raised, the kernel died or timed out), ``export`` (nbconvert
        failed) or ``offline`` (the page references another host).
    ename, evalue : str
        Error name and value.
    cell_index : int or None
        Index of the failing cell in the executed notebook (0-based, papermill's count, the
        injected-parameters cell included).
    execution_count : int or None
        The failing cell's execution count (``In [n]``).
    cell_source : str or None
        Source of the failing cell.
    traceback : str
        Traceback without colour codes.
    """

    stage: str
    ename: str
    evalue: str
    cell_index: int | None = None
    execution_count: int | None = None
    cell_source: str | None = None
    traceback: str = ""

    def headline(self) -> str:
        """Return ``Error: value (cell i, execution count n)``."""
        where = []
        if self.cell_index is not None:
            where.append(f"cell {self.cell_index}")
        if self.execution_count is not None:
            where.append(f"execution count {self.execution_count}")
        suffix = f" ({', '.join(where)})" if where else ""
        return f"{self.ename}: {self.evalue}{suffix}"

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a JSON-ready mapping (for the manifest)."""
        return asdict(self)


def failure_from_exception(error: BaseException, stage: str, nb: Any = None) -> FailureInfo:
    """Describe an exception raised while rendering one briefing.

    papermill's ``PapermillExecutionError`` carries the failing cell's index, execution count,
    error name, value and traceback; any other exception is described by its type and text.
    ``nb`` (the executed notebook, when there is one) supplies the failing cell's source.
    """
    cell_index = getattr(error, "cell_index", None)
    ename = getattr(error, "ename", None) or type(error).__name__
    evalue = getattr(error, "evalue", None)
    if evalue is None:
        evalue = str(error)
    traceback = getattr(error, "traceback", None)
    if isinstance(traceback, list):
        traceback = "\n".join(traceback)
    source = getattr(error, "source", None)
    if (
        source is None
        and nb is not None
        and cell_index is not None
        and 0 <= cell_index < len(nb.get("cells", []))
    ):
        source = nb["cells"][cell_index].get("source")
    return FailureInfo(
        stage=stage,
        ename=str(ename),
        evalue=strip_ansi(str(evalue)),
        cell_index=cell_index,
        execution_count=getattr(error, "exec_count", None),
        cell_source=source,
        traceback=strip_ansi(traceback or ""),
    )
