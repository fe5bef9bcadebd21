"""The benchmarks' one timing helper (imported as ``timing``: the scripts run as
``python benchmarks/<script>.py``, which puts this folder on the import path)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(fn: Callable[[], object], repeat: int, *, warm_up: bool = True) -> float:
    """Median wall time of ``repeat`` calls of ``fn`` in seconds; one untimed call first
    when ``warm_up``."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
