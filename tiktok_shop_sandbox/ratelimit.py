"""Token-bucket rate limiter keyed by (app_key, shop_cipher, path), or (app_key, shop_cipher) with `Sandbox.qps_per_shop`.

Real per-endpoint QPS numbers are unpublished (no Open API operation documents them), so the limit is a knob;
None means unlimited.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Hashable


class RateLimiter:
    def __init__(self, qps: float | None = None, clock: Callable[[], float] = time.monotonic):
        self._qps = qps
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[Hashable, tuple[float, float]] = {}

    @property
    def qps(self) -> float | None:
        return self._qps

    @qps.setter
    def qps(self, value: float | None) -> None:
        with self._lock:
            self._qps = value
            self._buckets.clear()  # old fill levels mean nothing under a new rate

    def allow(self, key: Hashable) -> bool:
        with self._lock:
            qps = self._qps
            if qps is None:
                return True
            if qps <= 0:
                return False
            capacity = max(1.0, float(qps))  # burst of one second's worth, at least one call
            now = self._clock()
            tokens, last = self._buckets.get(key, (capacity, now))
            tokens = min(capacity, tokens + (now - last) * qps)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return True
            self._buckets[key] = (tokens, now)
            return False

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()
