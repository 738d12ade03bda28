"""Ordered, bounded fan-out of independent calls (detail reads, per-parent walks).

Results come back in input order, so records are emitted in the same order as a sequential read and
checkpoints stay exactly as safe; at most `in_flight` calls are pending, so memory stays bounded. The
calls share the source's client, whose token refresh is locked and whose rate budget is shared.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Executor, Future
from typing import Callable, Deque, Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ordered_map(executor: Optional[Executor], call: Callable[[T], R], items: Iterable[T], in_flight: int) -> Iterator[R]:
    if executor is None or in_flight <= 1:
        for item in items:
            yield call(item)
        return
    pending: Deque[Future] = deque()
    try:
        for item in items:
            pending.append(executor.submit(call, item))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # A consumer that stops early (or an error) must not leave calls running behind its back.
        for future in pending:
            future.cancel()
