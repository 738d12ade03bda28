"""The one owner of a table read's threads: the shops read side by side, the calls fanned out, the pages fetched ahead.

One `ReadRunner` is opened per table read (see `TikTokShopStream.read_records`) and closed when that
read ends, also when it fails or its consumer stops early, so no thread outlives the read. The
calls share the source's client, whose token refresh is locked and whose rate budget paces them.

It holds two pools, so that no task ever waits for a task of its own pool (a pool whose every
thread waits for work queued behind it deadlocks):
- the fan-out pool runs per-record and per-parent calls (`map_ordered`); such a call may walk pages;
- the page pool fetches the next page of a walk while the current one is processed (`ahead`); a page
  fetch is one request (with its retries) and never waits for anything else.
- the window pool walks whole windows of a list ahead of the one being emitted (`read_ahead`); a walk
  fetches its pages one after another (no page pool) into a bounded queue.
Shops read side by side (`read_shops`) run on threads of their own and use the pools.

Why threads and not the CDK's concurrent framework: the tables keep one per-shop state object and
resume tokens mid-window, which the concurrent cursors do not model; this keeps the stream classes
declarative and moves only the waiting (TikTok's answers) into parallel.
"""

from __future__ import annotations

import copy
import queue
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Deque, Dict, Generator, Iterable, Iterator, List, Optional, Sequence, Tuple, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Records handed over in one queue item when shops are read side by side: fewer hand-offs, each
# costing a lock round trip.
BATCH = 100
# Queue items waiting for the consumer: enough to keep the readers busy, few enough to bound memory.
QUEUED_BATCHES_PER_READER = 4
_POLL_SECONDS = 0.1


# Calls submitted ahead per thread of a fan-out (map_ordered). Results held back for input order are small (one
# call's records). A 429's retry holds the oldest call for 2 s or more (Retry-After 1 plus the CDK's 1 s); the
# other threads go on meanwhile only while calls are submitted: at 20 answers/s that is 40 calls, and at 4
# x concurrency they stalled after 0.7 s (sandbox, 100 ms answers), so 16 x.
AHEAD_PER_WORKER = 16


class ShopRead:
    """One shop's read: `records()` makes its generator; `state()` is the live state it advances;
    `install(state)` makes a state the one checkpoints report for the shop."""

    def __init__(
        self,
        shop_id: str,
        records: Callable[[], Iterable[Any]],
        state: Callable[[], Any],
        install: Callable[[Any], None] = lambda state: None,
    ) -> None:
        self.shop_id, self.records, self.state, self.install = shop_id, records, state, install


class ReadRunner:
    """Threads of one table read; a context manager that shuts them down on the way out."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = max(1, concurrency)
        # "fan_out" and "pages" (see the module docstring), made on first use, possibly from several shop threads.
        self._pools: Dict[str, ThreadPoolExecutor] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> "ReadRunner":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)

    def _pool(self, kind: str) -> ThreadPoolExecutor:
        with self._lock:
            pool = self._pools.get(kind)
            if pool is None:
                pool = self._pools[kind] = ThreadPoolExecutor(self.concurrency, thread_name_prefix=f"tiktok_{kind}")
            return pool

    def map_ordered(self, call: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`call` over `items`, up to `concurrency` at once, results in input order.

        Input order keeps records in the order of a sequential read, so checkpoints stay exactly as
        safe. At most `concurrency` calls run at once (the pool's threads), and at most
        `AHEAD_PER_WORKER` x `concurrency` are submitted, so memory stays bounded; the submitted calls
        beyond the running ones keep the other threads busy while the oldest call waits out a retry
        (a 429's Retry-After and backoff: 2 s or more), instead of all of them waiting for it.
        `call` must not use `map_ordered` itself (it would wait for its own pool); walking pages is fine.
        """
        if self.concurrency <= 1:
            for item in items:
                yield call(item)
            return
        pool = self._pool("fan_out")
        pending: Deque[Future] = deque()
        try:
            for item in items:
                pending.append(pool.submit(call, item))
                if len(pending) >= AHEAD_PER_WORKER * self.concurrency:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            # A consumer that stops early (or an error) must not leave calls running behind its back.
            for future in pending:
                future.cancel()

    def ahead(self, fetch: Callable[[T], R], argument: T) -> Optional["Future[R]"]:
        """Start `fetch(argument)` (one page) in the background; None when reads are sequential."""
        if self.concurrency <= 1:
            return None
        return self._pool("pages").submit(fetch, argument)

    def read_ahead(self, walks: Sequence[Callable[[], Iterable[T]]], buffer: int) -> Generator[Iterator[T], None, None]:
        """Run `walks` (each a generator of pages), up to `concurrency` at once, each into a queue of at most
        `buffer` items; yield, in input order, one iterator over each walk's items.

        The consumer works through the walks in order, so the oldest unfinished walk is always running
        (the pool takes its tasks in order) and its queue is being drained: the walks behind it wait at
        most for their queues to have room. When the consumer stops (or fails), every walk stops at its
        next item. A walk's error is raised where the consumer reaches it.
        """
        stop = threading.Event()
        pool = self._pool("windows")

        def put(box: "queue.Queue[Tuple[str, Any]]", item: Tuple[str, Any]) -> bool:
            while not stop.is_set():
                try:
                    box.put(item, timeout=_POLL_SECONDS)
                    return True
                except queue.Full:
                    continue
            return False

        def run(walk: Callable[[], Iterable[T]], box: "queue.Queue[Tuple[str, Any]]") -> None:
            if stop.is_set():
                return
            try:
                for item in walk():
                    if not put(box, ("item", item)):
                        return
            except BaseException as exc:  # noqa: BLE001  # handed to the consumer, which raises it
                put(box, ("error", exc))
                return
            put(box, ("end", None))

        def drain(box: "queue.Queue[Tuple[str, Any]]") -> Iterator[T]:
            while True:
                kind, item = box.get()
                if kind == "end":
                    return
                if kind == "error":
                    raise item
                yield item

        boxes: List["queue.Queue[Tuple[str, Any]]"] = [queue.Queue(maxsize=max(1, buffer)) for _ in walks]
        futures = [pool.submit(run, walk, box) for walk, box in zip(walks, boxes)]
        try:
            for box in boxes:
                yield drain(box)
        finally:
            stop.set()
            for future in futures:
                future.cancel()

    def read_shops(self, reads: Sequence[ShopRead]) -> Iterator[Any]:
        """The records of every shop read, at most `concurrency` shops at a time.

        One read at a time (one shop, or sequential reads) advances the reported state itself. Side
        by side, each read advances a state of its own and the state it had when it produced a record
        is installed just before that record is yielded: a checkpoint taken after any record shows
        every shop exactly as far as its emitted records go, never further.
        """
        if self.concurrency <= 1 or len(reads) <= 1:
            for read in reads:
                read.install(read.state())
                yield from read.records()
            return
        yield from interleave_shops(reads, self.concurrency)


def _closable(records: Iterable[Any]) -> Generator[Any, None, None]:
    yield from records  # closing this closes the read's own generator too


class _Stopped(Exception):
    """The consumer went away; a reader stops where it is."""


def interleave_shops(reads: Sequence[ShopRead], workers: int) -> Iterator[Any]:
    """Yield the records of every read, at most `workers` shops at a time, each on a thread of its own.

    `read.install(state)` is called on the consuming thread before that shop's next records are
    yielded (and once more when its read ends), with a copy of the state that goes with them. A read
    that fails stops the others and its error is raised here, after the records before it. Every
    reading thread has ended when this generator returns, raises or is closed.
    """
    todo: "queue.SimpleQueue[ShopRead]" = queue.SimpleQueue()
    for read in reads:
        todo.put(read)
    count = max(1, min(workers, len(reads)))
    out: "queue.Queue[Tuple[Optional[ShopRead], Optional[List[Any]], Any, Optional[BaseException]]]" = queue.Queue(
        count * QUEUED_BATCHES_PER_READER
    )
    stop = threading.Event()

    def put(item: Tuple[Optional[ShopRead], Optional[List[Any]], Any, Optional[BaseException]]) -> None:
        while True:
            if stop.is_set():
                raise _Stopped()
            try:
                out.put(item, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    def run_one(read: ShopRead) -> None:
        generator = _closable(read.records())
        state = copy.deepcopy(read.state())
        batch: List[Any] = []
        try:
            for record in generator:
                live = read.state()
                if live != state:
                    if batch:
                        put((read, batch, state, None))
                        batch = []
                    state = copy.deepcopy(live)
                batch.append(record)
                # Full batches when records come fast; at once when the consumer has nothing to do
                # (slow detail calls), so records flow and checkpoints keep coming.
                if len(batch) >= BATCH or out.empty():
                    put((read, batch, state, None))
                    batch = []
        except _Stopped:
            raise
        except BaseException:
            if batch:  # what was read before the failure goes out first, as in a one-shop read
                put((read, batch, state, None))
            raise
        finally:
            generator.close()
        if batch:
            put((read, batch, state, None))
        put((read, [], copy.deepcopy(read.state()), None))

    def reader() -> None:
        try:
            while not stop.is_set():
                try:
                    read = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    run_one(read)
                except _Stopped:
                    return
                except BaseException as error:  # handed to the consumer, which raises it
                    try:
                        put((read, None, None, error))
                    except _Stopped:
                        pass
                    return
        finally:
            try:
                put((None, None, None, None))  # this reader is done
            except _Stopped:
                pass

    threads = [threading.Thread(target=reader, name=f"tiktok-shop-{i}", daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    running = count
    try:
        while running:
            source, records, state, error = out.get()
            if error is not None:
                raise error
            if source is None or records is None:
                running -= 1
                continue
            source.install(state)
            yield from records
    finally:
        stop.set()
        for thread in threads:
            thread.join()
