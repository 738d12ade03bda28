"""Fault injection: random faults at configured rates and scripted one-shot responses.

Faults draw from their own RNG seeded from the sandbox seed, so a run that makes the
same requests in the same order sees the same faults.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass
from typing import Iterable

from . import errors


@dataclass(frozen=True)
class FaultAction:
    # kind: "envelope" (JSON error body), "html" (bare gateway page), "drop" (close the
    # socket, no response), "truncated" (valid request, body cut short), "slow" (sleep
    # past slow_seconds, then handle normally).
    kind: str
    http_status: int = 200
    code: int | None = None
    message: str | None = None


def _normalize(entry) -> FaultAction:
    if isinstance(entry, FaultAction):
        return entry
    if isinstance(entry, str):
        if entry not in ("drop", "truncated", "slow"):
            raise ValueError(f"unknown scripted fault {entry!r}")
        return FaultAction(entry)
    status, code, *rest = entry
    message = rest[0] if rest else None
    if code is None:
        return FaultAction("html", int(status))
    return FaultAction("envelope", int(status), int(code), message if message is not None else errors.MESSAGES.get(int(code), "Error"))


class Faults:
    RATE_NAMES = ("drop_connection", "slow", "http_5xx", "http_429", "code_36009002_in_200", "truncated_json")

    def __init__(self, seed: int = 0):
        self._lock = threading.Lock()
        self._rng = random.Random(f"faults:{seed}")
        self._scripts: list[tuple[re.Pattern, int | str | None, list[FaultAction]]] = []
        self.drop_connection = 0.0
        self.slow = 0.0
        self.http_5xx = 0.0
        self.http_429 = 0.0
        self.code_36009002_in_200 = 0.0
        self.truncated_json = 0.0
        self.slow_seconds = 5.0
        self.retry_after = True
        # Random faults stay off the token host unless asked: a connector under a fault
        # test usually wants to reach the Open API, not fail to authenticate.
        self.apply_to_token_endpoints = False

    def script(self, path_regex: str, responses: Iterable, shop_id: str | None = None) -> None:
        """Queue one-shot responses for paths matching path_regex (re.search), consumed in order.

        Each entry is (http_status, code, message) -> JSON error envelope; (http_status, None) ->
        bare HTML page; or "drop" / "truncated" / "slow".
        """
        actions = [_normalize(e) for e in responses]
        with self._lock:
            self._scripts.append((re.compile(path_regex), shop_id, actions))

    def clear(self) -> None:
        with self._lock:
            self._scripts.clear()
            for name in self.RATE_NAMES:
                setattr(self, name, 0.0)

    def pending(self) -> int:
        with self._lock:
            return sum(len(actions) for _, _, actions in self._scripts)

    def next_scripted(self, path: str, shop_id: str | None) -> FaultAction | None:
        with self._lock:
            for pattern, want_shop, actions in self._scripts:
                if actions and pattern.search(path) and (want_shop is None or want_shop == shop_id):
                    return actions.pop(0)
        return None

    def draw(self) -> list[FaultAction]:
        """Random faults for one request; "slow" may combine with one terminal fault."""
        out: list[FaultAction] = []
        with self._lock:
            rng = self._rng
            if self.drop_connection and rng.random() < self.drop_connection:
                return [FaultAction("drop")]
            if self.slow and rng.random() < self.slow:
                out.append(FaultAction("slow"))
            if self.http_5xx and rng.random() < self.http_5xx:
                pick = rng.randrange(3)
                if pick == 0:
                    out.append(FaultAction("envelope", 500, errors.INTERNAL_ERROR, errors.MESSAGES[errors.INTERNAL_ERROR]))
                else:
                    out.append(FaultAction("html", 502 if pick == 1 else 503))
                return out
            if self.http_429 and rng.random() < self.http_429:
                out.append(FaultAction("envelope", 429, errors.TOO_MANY_REQUESTS, errors.MESSAGES[errors.TOO_MANY_REQUESTS]))
                return out
            if self.code_36009002_in_200 and rng.random() < self.code_36009002_in_200:
                out.append(FaultAction("envelope", 200, errors.TOO_MANY_REQUESTS, errors.MESSAGES[errors.TOO_MANY_REQUESTS]))
                return out
            if self.truncated_json and rng.random() < self.truncated_json:
                out.append(FaultAction("truncated"))
        return out
