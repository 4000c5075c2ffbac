"""What a study costs: peak memory and CPU time of this process and its workers."""

from __future__ import annotations

import os
import threading

__all__ = ["PeakMemory"]


class PeakMemory:
    """Peak resident memory of this process and all its children, sampled in a thread.

    Uses psutil when installed: the sum over the process tree of the resident set (RSS,
    which counts pages shared between forked workers once per process) and of the
    proportional set (PSS, shared pages split between the processes sharing them: the
    memory the study really occupies). Otherwise the largest single process from
    ``getrusage``.
    """

    def __init__(self, interval: float = 0.5):
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0
        self.cpu: dict[int, float] = {}
        self.method = "psutil: sum over the process tree, sampled every 0.5 s"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> PeakMemory:
        try:
            import psutil
        except ImportError:
            self.method = "getrusage (largest single process)"
            return self
        me = psutil.Process(os.getpid())

        def watch() -> None:
            while not self._stop.is_set():
                total = pss = 0
                try:
                    procs = [me, *me.children(recursive=True)]
                except psutil.Error:
                    procs = [me]
                for proc in procs:
                    try:
                        info = proc.memory_full_info()
                    except psutil.Error:
                        continue
                    total += info.rss
                    pss += getattr(info, "pss", info.rss)
                    try:
                        times = proc.cpu_times()
                        self.cpu[proc.pid] = times.user + times.system
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
                self.peak_pss = max(self.peak_pss, pss)
                self._stop.wait(self.interval)

        self._thread = threading.Thread(target=watch, daemon=True)
        self._thread.start()
        return self

    @property
    def cpu_seconds(self) -> float | None:
        """CPU seconds used by the process tree (last sample of each process), if sampled."""
        return sum(self.cpu.values()) if self.cpu else None

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
        else:
            import resource

            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
            self.peak = max(own, kids)
