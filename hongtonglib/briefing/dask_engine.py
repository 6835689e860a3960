"""The Dask engine of ``hongtong render --engine dask --scheduler tcp://HOST:PORT``.

The briefings of a run become tasks of a `dask.distributed
<https://distributed.dask.org>`_ scheduler; its workers (``dask worker``, on this machine or
others sharing the project folder and the output folder at the same path) execute them with
the same :func:`~hongtonglib.briefing.execute.run_briefing` the local engine runs in its
process pool. So a page, its failure page, its executed notebook and its log are the same,
whichever engine made them.

- **A kernel per worker, kept between notebooks.** :func:`render_on_worker` runs in the worker
  process, where :func:`hongtonglib.briefing.kernelsession.worker_session` keeps one kernel
  (reset between notebooks) for every notebook that worker executes, across runs. A worker
  executes one notebook at a time (a process-wide lock: the session and the kernel's stderr
  redirection are per process), so give each worker one thread and start more workers
  (``dask worker --nworkers N --nthreads 1``). :class:`KernelSessionPlugin`, registered on
  every worker, shuts the kernel down when the worker closes.
- **A worker lost mid-run.** The scheduler reschedules the tasks of a worker that died on the
  others (Dask's own recovery; ``distributed.scheduler.allowed-failures``, default 3). A task
  is idempotent: it writes its outputs atomically (temporary file, then rename), so a retried
  briefing replaces whatever the lost attempt left, and nothing is half-written. A briefing
  that kills every worker it runs on ends as Dask's ``KilledWorker`` and gets a failure page.
- **An unreachable scheduler** is reported by :func:`connect` within ``timeout_s`` seconds,
  before anything is executed or written.

The CLI imports this module only for ``--engine dask`` (``distributed`` takes ~0.8 s to
import) and hands :class:`DaskExecutor` to :func:`hongtonglib.briefing.render.render_briefings`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from distributed import Client, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from hongtonglib.briefing.execute import BriefingJob, BriefingOutcome, failed_outcome, run_briefing
from hongtonglib.briefing.failure import failure_from_exception
from hongtonglib.briefing.kernel import ensure_kernel
from hongtonglib.briefing.kernelsession import close_worker_session

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3.0
"""How long to wait for the scheduler before giving up."""

PLUGIN_NAME = "hongtong-kernel-session"

_WORKER_LOCK = threading.Lock()
_KERNELS_READY: set[str] = set()


class SchedulerUnreachable(RuntimeError):
    """The Dask scheduler could not be reached (wrong address, not running, no workers)."""


class KernelSessionPlugin(WorkerPlugin):
    """A Dask worker plugin: the worker's kernel session is closed when the worker closes."""

    name = PLUGIN_NAME

    def teardown(self, worker: Any) -> None:
        """Shut the worker's kernel down (no kernel outlives its worker)."""
        del worker
        close_worker_session()


def render_on_worker(job: BriefingJob) -> BriefingOutcome:
    """Execute one briefing in a Dask worker process (one at a time per process).

    The worker's kernel is kept for its next notebook (``job.reuse_kernel``).
    """
    with _WORKER_LOCK:
        if job.kernel_name not in _KERNELS_READY:
            ensure_kernel(job.kernel_name)
            _KERNELS_READY.add(job.kernel_name)
        return run_briefing(job)


def connect(address: str, timeout_s: float = CONNECT_TIMEOUT_S) -> Any:
    """Return a ``distributed.Client`` of the scheduler at ``address``.

    Raises
    ------
    SchedulerUnreachable
        If the address is malformed or no scheduler answers within ``timeout_s`` seconds.
    """
    if not address or "://" not in address:
        raise SchedulerUnreachable(
            f"the Dask scheduler address must look like tcp://HOST:PORT, got {address!r}"
        )
    try:
        return Client(address, timeout=f"{timeout_s}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise SchedulerUnreachable(
            f"cannot reach the Dask scheduler at {address} within {timeout_s:g} s: {error}"
        ) from None


def execute_on_dask(
    jobs: Sequence[BriefingJob],
    address: str,
    finished: Callable[[int, BriefingOutcome], None],
    started: Callable[[], None],
    *,
    client: Any = None,
    timeout_s: float = CONNECT_TIMEOUT_S,
) -> int:
    """Run the jobs on the scheduler's workers; report each outcome as it completes.

    Parameters
    ----------
    jobs : sequence of BriefingJob
        The briefings to execute.
    address : str
        The scheduler, ``tcp://HOST:PORT`` (ignored when ``client`` is given).
    finished : callable
        Called with the job's index and its outcome, in completion order.
    started : callable
        Called once every job is submitted.
    client : distributed.Client, optional
        An existing client (e.g. of a ``LocalCluster``); closed by the caller.
    timeout_s : float
        Longest wait for the scheduler, and for a first worker.

    Returns
    -------
    int
        The number of workers the scheduler had when the run was submitted.

    Raises
    ------
    SchedulerUnreachable
        If the scheduler cannot be reached or has no worker within ``timeout_s`` seconds.
    """
    own = client is None
    client = connect(address, timeout_s) if own else client
    try:
        try:
            client.wait_for_workers(1, timeout=timeout_s)
        except (TimeoutError, OSError) as error:
            raise SchedulerUnreachable(
                f"the Dask scheduler at {client.scheduler.address} has no worker "
                f"(waited {timeout_s:g} s): {error}"
            ) from None
        workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
        client.register_plugin(KernelSessionPlugin(), name=PLUGIN_NAME)
        futures = client.map(
            render_on_worker,
            list(jobs),
            key=[f"hongtong-render-{job.name}-{i}" for i, job in enumerate(jobs)],
            pure=False,
        )
        index = {future.key: i for i, future in enumerate(futures)}
        started()
        for future in as_completed(futures, loop=client.loop):
            i = index[future.key]
            try:
                outcome = future.result()
            except Exception as error:  # the task could not finish (e.g. KilledWorker)
                logger.warning("briefing %s failed on Dask: %r", jobs[i].name, error)
                outcome = failed_outcome(jobs[i], failure_from_exception(error, "execute"))
            finished(i, outcome)
        return workers
    finally:
        if own:
            client.close()


class DaskExecutor:
    """Runs a render's jobs on a Dask scheduler (see :func:`execute_on_dask`).

    Parameters
    ----------
    address : str
        ``tcp://HOST:PORT`` of a running ``dask scheduler``.
    client : distributed.Client, optional
        An existing client instead (e.g. of a ``LocalCluster``); not closed here.
    timeout_s : float
        Longest wait for the scheduler and for a first worker.
    """

    engine = "dask"

    def __init__(
        self, address: str = "", *, client: Any = None, timeout_s: float = CONNECT_TIMEOUT_S
    ) -> None:
        self.address = address or (client.scheduler.address if client is not None else "")
        self.client = client
        self.timeout_s = timeout_s

    def check(self) -> None:
        """Raise :class:`SchedulerUnreachable` unless the scheduler answers (nothing runs)."""
        if self.client is None:
            connect(self.address, self.timeout_s).close()

    def __call__(
        self,
        jobs: Sequence[BriefingJob],
        finished: Callable[[int, BriefingOutcome], None],
        started: Callable[[], None],
    ) -> int:
        """Execute the jobs; return the number of workers."""
        return execute_on_dask(
            jobs, self.address, finished, started, client=self.client, timeout_s=self.timeout_s
        )
