"""Deterministic seeds and sandbox-wide unique ids (imports nothing from the package)."""

from __future__ import annotations

import hashlib
import random


def derive_seed(*parts) -> int:
    """A 64-bit seed from any labels: the same parts give the same seed in every process."""
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:8], "big")


class IdAllocator:
    """Snowflake-ish ids (time in the high bits) that are unique across the whole sandbox."""

    def __init__(self):
        self._used: set[int] = set()

    def new(self, base: int, t: int, rng: random.Random, shift: int) -> int:
        high = base + (max(0, t - 1_600_000_000) << shift)
        while True:
            value = high + rng.getrandbits(shift)
            if value not in self._used:
                self._used.add(value)
                return value
