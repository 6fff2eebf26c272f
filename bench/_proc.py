"""Resident memory of a process tree, read from /proc (no psutil): for benches that run
sitmap in a subprocess (ingest, the Streamlit server) and sample its memory."""

from __future__ import annotations

import os
import threading
import time


def children(pid: int) -> list[int]:
    """Direct children of *pid* (all threads' children files, Linux >= 3.5)."""
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    out += [int(x) for x in f.read().split()]
            except OSError:
                continue
    except OSError:
        pass
    return out


def tree(pid: int) -> list[int]:
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.append(p)
        todo += children(p)
    return seen


def rss_mb(pid: int) -> float:
    """VmRSS of one process in MB (0 if it has gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds used by one process so far (0 if it has gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def tree_cpu_s(pid: int) -> float:
    """CPU seconds used so far by *pid* and its living descendants."""
    return sum(cpu_s(p) for p in tree(pid))


def tree_rss_mb(pid: int) -> float:
    """Sum of VmRSS over *pid* and all its descendants, in MB (shared pages counted once
    per process, so forked workers over-count what they share with their parent)."""
    return sum(rss_mb(p) for p in tree(pid))


class Sampler:
    """Samples a process tree's RSS every ``interval`` seconds in a thread.

    >>> with Sampler(proc.pid) as s: ...              # doctest: +SKIP
    >>> s.peak, s.first, s.last, s.largest, s.samples
    """

    def __init__(self, pid: int, interval: float = 0.5, extra=None):
        self.pid, self.interval, self.extra = pid, interval, extra
        self.samples: list[tuple[float, float, object]] = []  # (seconds, tree MB, extra())
        self.largest = 0.0  # the largest single process seen, MB
        self._stop = threading.Event()
        self.t0 = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            each = [rss_mb(p) for p in tree(self.pid)]
            mb = sum(each)
            if mb:
                self.largest = max(self.largest, max(each))
                self.samples.append((time.monotonic() - self.t0, mb, self.extra() if self.extra else None))
            self._stop.wait(self.interval)

    def __enter__(self) -> "Sampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> float:
        return round(max((s[1] for s in self.samples), default=0.0), 1)

    @property
    def first(self) -> float:
        return round(self.samples[0][1], 1) if self.samples else 0.0

    @property
    def last(self) -> float:
        return round(self.samples[-1][1], 1) if self.samples else 0.0
