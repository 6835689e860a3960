"""JupyterLab for this project (``make lab``): notebooks under ``notebooks/`` are saved stripped.

The committed notebooks are executed by papermill for the briefings and must stay free of
outputs (``tests/conventions``). An analyst running one in JupyterLab sees every output in the
browser, but the file saved (by hand or by autosave) is stripped, as ``nbstripout`` would
strip it before a commit: no outputs, no execution counts, no transient cell metadata, and
the notebook metadata of the committed files (the kernel and the language name). Notebooks
anywhere else (e.g. a copy in ``scratch/``) are saved as they are. ``.ipynb_checkpoints/``
is git-ignored.

``make lab`` puts the repository on ``JUPYTER_CONFIG_PATH``, so JupyterLab reads this file
(your own ``~/.jupyter`` config still applies). jupyter_server applies the setting twice and
warns "Overriding existing pre_save_hook (strip_committed_notebooks) with a new one
(strip_committed_notebooks)": harmless. The hook runs inside the JupyterLab server
(``.venv-lab``) and needs only the standard library.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

STRIPPED_FOLDER = "notebooks"
"""Folder (relative to the server's root, the repository) whose notebooks are saved stripped."""

TRANSIENT_CELL_METADATA = (
    "collapsed",
    "scrolled",
    "execution",
    "ExecuteTime",
    "heading_collapsed",
    "hidden",
    "jupyter",
    "trusted",
)
"""Cell metadata set by a front end while working (nbstripout's default list and more)."""

KEPT_NOTEBOOK_METADATA = ("kernelspec",)


def strip_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """Strip a notebook's content (as JupyterLab sends it) in place and return it."""
    for cell in notebook.get("cells", []):
        metadata = cell.get("metadata", {})
        for key in TRANSIENT_CELL_METADATA:
            metadata.pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    metadata = notebook.setdefault("metadata", {})
    language = metadata.get("language_info", {}).get("name")
    for key in list(metadata):
        if key not in KEPT_NOTEBOOK_METADATA:
            del metadata[key]
    if language:
        metadata["language_info"] = {"name": language}
    return notebook


def strip_committed_notebooks(model: dict[str, Any], path: str, **_: Any) -> None:
    """Jupyter server pre-save hook: strip notebooks saved under ``notebooks/``."""
    if model.get("type") != "notebook" or model.get("content") is None:
        return
    parts = PurePosixPath(path.lstrip("/")).parts
    if parts and parts[0] == STRIPPED_FOLDER:
        strip_notebook(model["content"])


c = get_config()  # type: ignore[name-defined]  # noqa: F821 - injected by Jupyter
c.FileContentsManager.pre_save_hook = strip_committed_notebooks
