"""Kill soak: render one briefing N times, killing the main process at a random moment.

A script, not a test: it prints figures. Each round starts ``hongtong render -d <dept>
--force --out <tmp>`` in a new session, waits a random time (0.2 s to 1.1 x the duration of an
unkilled render), sends SIGKILL or SIGTERM (random) to the main process only, and then checks
that nothing of that render is left:

- no process: every process the render started carries an environment marker
  (``HONGTONG_SOAK_TAG=<soak id>-<round>``, inherited by pool workers and kernels, which
  jupyter_client puts in sessions of their own); the script looks for the marker in
  ``/proc/*/environ`` (only this user's processes are readable), waits up to
  ``--grace`` seconds for them to go, and counts a round as leaking if one stays. Other
  engineers' kernels never carry the marker, so they are neither counted nor touched; a
  leaked process of ours is killed by its pid after being counted;
- no kernel connection or socket file: the renders run with a private
  ``JUPYTER_RUNTIME_DIR``, which must be empty after every round;
- the output folder still renders: after the soak, one unkilled render must exit 0.

Usage::

    nice -n 5 .venv/bin/python benchmarks/kill_soak.py --rounds 200
    .venv/bin/python benchmarks/kill_soak.py --rounds 5 --department health   # quick look
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAG = "HONGTONG_SOAK_TAG"


def tagged_pids(marker: str) -> list[int]:
    """Return the pids of this user's processes whose environment holds ``marker``."""
    needle = f"{TAG}={marker}".encode() + b"\0"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ:
            found.append(int(entry.name))
    return found


def start_render(args: argparse.Namespace, out: Path, env: dict[str, str]) -> subprocess.Popen:
    hongtong = str(args.root / ".venv" / "bin" / "hongtong")
    command = [hongtong, "render", "-d", args.department, "--force", "--out", str(out)]
    return subprocess.Popen(
        command,
        cwd=args.root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_gone(marker: str, grace: float) -> list[int]:
    """Wait up to ``grace`` seconds for the marked processes to exit; return those left."""
    deadline = time.monotonic() + grace
    while True:
        left = tagged_pids(marker)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--department", default="health")
    parser.add_argument("--grace", type=float, default=15.0, help="Seconds to wait for exits.")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="Checkout whose .venv renders (to compare)."
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    soak_id = uuid.uuid4().hex[:10]
    work = Path(tempfile.mkdtemp(prefix="hongtong-kill-soak-"))
    runtime = work / "jupyter-runtime"
    runtime.mkdir()
    out = work / "rendered"
    base_env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime))

    # Two unkilled renders (the first fills the caches); the second's duration is the one
    # the kill times are drawn from.
    for warmup in range(2):
        env = dict(base_env, **{TAG: f"{soak_id}-warmup{warmup}"})
        started = time.monotonic()
        if start_render(args, out, env).wait() != 0:
            print("the warm-up render failed; nothing to soak", file=sys.stderr)
            return 1
        duration = time.monotonic() - started
    print(f"soak {soak_id}: {args.rounds} rounds of render -d {args.department}; "
          f"unkilled render {duration:.1f} s; load {os.getloadavg()[0]:.2f}")  # fmt: skip

    counts = {"SIGKILL": 0, "SIGTERM": 0, "finished_before_kill": 0}
    leaked_rounds, file_rounds, exit_waits = [], [], []
    soak_started = time.monotonic()
    for index in range(args.rounds):
        marker = f"{soak_id}-{index}"
        process = start_render(args, out, dict(base_env, **{TAG: marker}))
        time.sleep(rng.uniform(0.2, 1.1 * duration))
        signum = rng.choice([signal.SIGKILL, signal.SIGTERM])
        if process.poll() is None:
            os.kill(process.pid, signum)  # the main process only
            counts[signum.name] += 1
        else:
            counts["finished_before_kill"] += 1
        process.wait()
        waited = time.monotonic()
        left = wait_gone(marker, args.grace)
        exit_waits.append(time.monotonic() - waited)
        if left:
            leaked_rounds.append((index, signum.name, left))
            for pid in left:  # ours (marked): clean up so the next round starts clean
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        files = sorted(p.name for p in runtime.iterdir())
        if files:
            file_rounds.append((index, signum.name, files))
            for name in files:
                (runtime / name).unlink(missing_ok=True)
        if (index + 1) % 20 == 0:
            print(f"  {index + 1} rounds, {len(leaked_rounds)} leaking processes, "
                  f"{len(file_rounds)} leaving files; load {os.getloadavg()[0]:.2f}",
                  flush=True)  # fmt: skip

    final = start_render(args, out, dict(base_env, **{TAG: f"{soak_id}-final"}))
    final_code = final.wait()
    final_left = wait_gone(f"{soak_id}-final", args.grace)
    stray_tmp = sorted(p.name for p in out.rglob("*.tmp"))
    elapsed = time.monotonic() - soak_started
    print()
    print("| figure | value |")
    print("|---|---|")
    print(f"| rounds | {args.rounds} |")
    print(f"| killed with SIGKILL / SIGTERM | {counts['SIGKILL']} / {counts['SIGTERM']} |")
    print(f"| finished before the kill | {counts['finished_before_kill']} |")
    print(f"| rounds leaving a process after {args.grace:.0f} s | {len(leaked_rounds)} |")
    print(f"| rounds leaving a connection/socket file | {len(file_rounds)} |")
    print(f"| seconds until every process was gone (median / max) | "
          f"{statistics.median(exit_waits):.2f} / {max(exit_waits):.2f} |")  # fmt: skip
    print(f"| render after the soak exit code | {final_code} |")
    print(f"| processes left by it / runtime files | {len(final_left)} / "
          f"{len(list(runtime.iterdir()))} |")  # fmt: skip
    print(f"| temporary files left in the output folder | {len(stray_tmp)} |")
    print(f"| soak wall time | {elapsed:.0f} s |")
    print(f"| load average at the end | {' '.join(f'{x:.2f}' for x in os.getloadavg())} |")
    for index, name, pids in leaked_rounds[:10]:
        print(f"leak: round {index} ({name}): pids {pids}")
    for index, name, files in file_rounds[:10]:
        print(f"files: round {index} ({name}): {files}")
    ok = not leaked_rounds and not file_rounds and final_code == 0 and not final_left
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {work} for inspection")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
