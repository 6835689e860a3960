"""The run manifest, ``<out>/manifest.json``: what each briefing was rendered from, and how it went.

One record per briefing ever rendered into the output folder: this run's briefings are
updated, the others are carried over from the previous manifest as they were (their ``run_id``
tells which run they come from). The file is written atomically.

Layout::

    {"schema_version": 1,
     "run": {"run_id", "started_at", "finished_at", "duration_s", "status", "jobs", "force",
             "selected", "hongtonglib_version", "git_commit", "library_source_hash",
             "kernel_name", "font"},
     "briefings": [{"name", "kind", "briefing_id", "title", "status", "parameters",
                    "inputs": {"notebook", "parameters", "data", "library"}, "fingerprint",
                    "html", "failure_page", "executed_notebook", "summary", "error",
                    "timing": {"execute_s", "export_s", "total_s"}, "rendered_at", "run_id",
                    "pdf", "pdf_error"}]}

``pdf`` is the PDF printed beside the page by ``hongtong render --pdf`` (``None`` when none is
current), ``pdf_error`` why printing it failed. Paths in records are relative to the output
folder; input paths relative to the project root.

Examples
--------
>>> BriefingStatus("skipped-unchanged").is_good
True
"""

from __future__ import annotations

import enum
import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from hongtonglib.fileio import atomic_write_text

logger = logging.getLogger(__name__)

MANIFEST_FILE = "manifest.json"
SCHEMA_VERSION = 1


class BriefingStatus(str, enum.Enum):
    """Outcome of one briefing in one run."""

    ok = "ok"
    failed = "failed"
    skipped_unchanged = "skipped-unchanged"

    @property
    def is_good(self) -> bool:
        """Return whether the briefing's page is current (rendered now or unchanged)."""
        return self is not BriefingStatus.failed


@dataclass
class BriefingRecord:
    """One briefing's entry in the manifest."""

    name: str
    kind: str
    briefing_id: str
    status: BriefingStatus
    parameters: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    fingerprint: str | None = None
    title: str | None = None
    html: str | None = None
    failure_page: str | None = None
    executed_notebook: str | None = None
    summary: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    timing: dict[str, float] = field(default_factory=dict)
    rendered_at: str | None = None
    run_id: str | None = None
    pdf: str | None = None
    pdf_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a JSON-ready mapping."""
        record = asdict(self)
        record["status"] = self.status.value
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> BriefingRecord:
        """Build a record from a manifest mapping, ignoring keys this version does not know."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in record.items() if k in known}
        values["status"] = BriefingStatus(values["status"])
        return cls(**values)


@dataclass
class Manifest:
    """The manifest of the latest run into one output folder."""

    run: dict[str, Any] = field(default_factory=dict)
    briefings: dict[str, BriefingRecord] = field(default_factory=dict)

    def to_json(self) -> str:
        """Return the manifest as indented JSON (Chinese kept readable)."""
        payload = {
            "schema_version": SCHEMA_VERSION,
            "run": self.run,
            "briefings": [record.to_dict() for record in self.briefings.values()],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"


def load_manifest(out_dir: Path) -> Manifest:
    """Return the manifest in ``out_dir``; an empty one if it is missing or unreadable."""
    path = out_dir / MANIFEST_FILE
    if not path.is_file():
        return Manifest()
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        records = [BriefingRecord.from_dict(r) for r in payload.get("briefings", [])]
    except (ValueError, KeyError, TypeError) as error:
        logger.warning("ignoring unreadable manifest %s: %s", path, error)
        return Manifest()
    return Manifest(run=payload.get("run", {}), briefings={r.name: r for r in records})


def write_manifest(out_dir: Path, manifest: Manifest) -> Path:
    """Write ``manifest.json`` into ``out_dir`` atomically and return its path."""
    path = out_dir / MANIFEST_FILE
    atomic_write_text(path, manifest.to_json())
    return path
