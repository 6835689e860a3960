"""Reuse a plan assessment across processes while its inputs are unchanged.

Rendering runs one kernel per briefing; each needs the same assessment of every target. The
first computes it and stores it under ``.cache/assessment/``; the others load it. The key is
the assessment's options, the sha256 of every file under ``data/`` (the plan, registries,
observations, census tables), of the department-submission store wherever it is configured,
and of the library's source, so any change of data or code gives a new key. A damaged
cache file is recomputed: the pickle is written behind a header with its length and sha256,
checked before unpickling, so random bytes are never handed to :mod:`pickle`.

Examples
--------
>>> first = cached_assess_plan(as_of=2026)
>>> again = cached_assess_plan(as_of=2026)
>>> again.item("T00-urbanization-2027").status == first.item("T00-urbanization-2027").status
True
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import pickle
from collections.abc import Iterator
from pathlib import Path

from hongtonglib import HONGTONG_REGION_CODE, paths
from hongtonglib.assess.plan_assessment import PlanAssessment, assess_plan
from hongtonglib.filehashes import HashCache, package_source_hash, tree_hashes
from hongtonglib.fileio import atomic_write_bytes
from hongtonglib.intake.db import resolve_store

logger = logging.getLogger(__name__)

CACHE_FORMAT = 2
CACHE_MAGIC = b"HTASSESS"
"""First bytes of an assessment cache file, then 8 bytes of length and 32 of sha256."""
_HEADER = len(CACHE_MAGIC) + 8 + 32


def assessment_key(*, as_of: int, region_code: str, level: float) -> str:
    """Return the cache key of an assessment: options, data files and library source."""
    hashes = HashCache(paths.cache_dir() / "file_hashes.json")
    store = resolve_store().db_path
    payload = {
        "store": [str(store), hashes.sha256(store) if store.is_file() else None],
        "format": CACHE_FORMAT,
        "as_of": as_of,
        "region_code": region_code,
        "level": level,
        "data": tree_hashes(paths.data_dir(), hashes, relative_to=paths.data_dir()),
        "library": package_source_hash(hashes),
    }
    try:
        hashes.save()
    except OSError:  # pragma: no cover - read-only checkout: still correct, just slower
        logger.debug("could not save the file-hash cache")
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def cached_assess_plan(
    *, as_of: int, region_code: str = HONGTONG_REGION_CODE, level: float = 0.8
) -> PlanAssessment:
    """Return :func:`assess_plan` for these options, from the cache when inputs are unchanged."""
    key = assessment_key(as_of=as_of, region_code=region_code, level=level)
    path = paths.cache_dir() / "assessment" / f"{key}.pickle"
    cached = _read(path)
    if cached is not None:
        return cached
    # Kernels rendering in parallel all need this assessment at once: the first computes it
    # while the others wait on the lock, then read what it wrote.
    with _exclusive(path.with_suffix(".lock")):
        cached = _read(path)
        if cached is not None:
            return cached
        result = assess_plan(as_of=as_of, region_code=region_code, level=level)
        try:
            atomic_write_bytes(path, _seal(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)))
        except OSError:  # pragma: no cover - read-only checkout
            logger.debug("could not write the assessment cache")
    return result


def _seal(payload: bytes) -> bytes:
    """Return ``payload`` behind the header: magic, length, sha256."""
    digest = hashlib.sha256(payload).digest()
    return CACHE_MAGIC + len(payload).to_bytes(8, "big") + digest + payload


def _unseal(data: bytes) -> bytes | None:
    """Return the payload of a sealed cache file, or ``None`` when it is damaged."""
    if len(data) < _HEADER or not data.startswith(CACHE_MAGIC):
        return None
    length = int.from_bytes(data[len(CACHE_MAGIC) : len(CACHE_MAGIC) + 8], "big")
    digest = data[len(CACHE_MAGIC) + 8 : _HEADER]
    payload = data[_HEADER:]
    if length != len(payload) or hashlib.sha256(payload).digest() != digest:
        return None
    return payload


def _read(path: Path) -> PlanAssessment | None:
    if not path.is_file():
        return None
    try:
        payload = _unseal(path.read_bytes())
        cached = pickle.loads(payload) if payload is not None else None
    except Exception:  # written by this code and checksummed: only a code change gets here
        cached = None
    if not isinstance(cached, PlanAssessment):
        logger.warning("recomputing the assessment: damaged cache %s", path)
        return None
    return cached


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (no-op where there is no fcntl)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a")
    except OSError:  # pragma: no cover - read-only checkout
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
