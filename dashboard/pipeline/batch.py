"""Run a per-document stage over many inputs: in-process or across worker processes.

The stage is any picklable ``Stage`` object whose ``setup()`` loads the heavy parts once
per process (spaCy model, gazetteer) and whose ``run(batch)`` maps a list of inputs to a
list of outputs.  With ``workers > 1`` batches go to a ``multiprocessing`` pool (fork
start method where available, so read-only data loaded before forking is shared);
output order always equals input order, and only a few batches are in flight at a
time, so memory does not grow with the number of inputs.  Tomorrow the same Stage can
run as a Dask bag or Ray Data map: it holds no process-global state beyond what
``setup`` builds.
"""

from __future__ import annotations

import collections
import multiprocessing as mp
import sys
from typing import Iterable, Iterator, Protocol, TypeVar

from dashboard.util.iterables import batched

T = TypeVar("T")
R = TypeVar("R")


class Stage(Protocol[T, R]):
    def setup(self) -> None: ...

    def run(self, batch: list[T]) -> list[R]: ...


_STAGE = None


def _init(stage) -> None:
    global _STAGE
    _STAGE = stage
    _STAGE.setup()


def _run(batch):
    return _STAGE.run(batch)


ENGINES = ("local", "dask")


def run_stage(stage, items: Iterable[T], *, workers: int = 1, batch_size: int = 16, engine: str = "local",
              scheduler: str | None = None) -> Iterator[R]:
    """Yield ``stage.run`` outputs for ``items`` in order, using ``workers`` processes —
    local ones, or Dask workers with ``engine="dask"`` (:mod:`dashboard.pipeline.dask_engine`;
    ``scheduler`` an existing cluster's address)."""
    if engine == "dask":
        from dashboard.pipeline.dask_engine import run_stage_dask

        yield from run_stage_dask(stage, items, workers=workers, scheduler=scheduler, batch_size=batch_size)
        return
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if workers <= 1:
        stage.setup()
        for batch in batched(items, batch_size):
            yield from stage.run(batch)
        return
    method = "fork" if "fork" in mp.get_all_start_methods() and sys.platform != "darwin" else "spawn"
    ctx = mp.get_context(method)
    with ctx.Pool(workers, initializer=_init, initargs=(stage,)) as pool:
        # Not pool.imap: its feeder thread drains the whole input iterator at once, so a
        # large batch would sit in memory.  At most ``prefetch`` batches are in flight.
        prefetch = 2 * workers
        pending: collections.deque = collections.deque()
        for batch in batched(items, batch_size):
            pending.append(pool.apply_async(_run, (batch,)))
            if len(pending) >= prefetch:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


#: Seconds before the bar appears: a run over a few files is done before it would.
PROGRESS_DELAY = 1.0


def progress(iterable, *, total: int | None = None, desc: str = ""):
    """A progress bar on stderr, only when stderr is a terminal and the run lasts longer
    than :data:`PROGRESS_DELAY` (the summary line is the shells' job)."""
    if not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="doc", file=sys.stderr, leave=False, delay=PROGRESS_DELAY)
