"""Ordered, bounded fan-out of independent calls (detail reads, per-parent walks).

Results come back in input order, so records are emitted in the same order as a sequential read and
checkpoints stay exactly as safe; at most `in_flight` calls are pending, so memory stays bounded. The
calls share the source's client, whose token refresh is locked and whose rate budget is shared.
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Callable, Deque, Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")
R = TypeVar("R")


_thread = threading.local()


def _mark_pool_thread() -> None:
    _thread.in_pool = True


def worker_pool(size: int) -> Optional[ThreadPoolExecutor]:
    """The source's pool for concurrent calls; None when `size` asks for sequential reads."""
    return ThreadPoolExecutor(size, thread_name_prefix="tiktok", initializer=_mark_pool_thread) if size > 1 else None


def usable_pool(executor: Optional[Executor]) -> Optional[Executor]:
    """The pool, unless this code already runs on one of its threads.

    A pool task that queued more work on its own pool and waited for it would deadlock once every
    thread did the same (say, four statements walked at once, each waiting for its next page): work
    started from a pool thread therefore runs inline.
    """
    return None if getattr(_thread, "in_pool", False) else executor


def ordered_map(executor: Optional[Executor], call: Callable[[T], R], items: Iterable[T], in_flight: int) -> Iterator[R]:
    executor = usable_pool(executor)
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
