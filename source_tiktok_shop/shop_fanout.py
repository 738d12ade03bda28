"""Read several shops at once and emit their records through one generator, checkpoint-safe.

Each shop's read runs on a thread of its own, with state of its own. The state a shop's read had
when it produced a record travels with that record, and the consuming thread installs it just
before emitting the record. So a checkpoint taken after any record shows every shop exactly as far
as its emitted records go, never further: the same promise a one-shop-at-a-time read keeps.

Why threads and not the CDK's concurrent framework: the tables keep one per-shop state object and
resume tokens mid-window, which the concurrent cursors do not model; this keeps the declarative
stream classes unchanged and moves only the waiting (the shops' HTTP calls) into parallel.
"""

from __future__ import annotations

import copy
import queue
import threading
from typing import Any, Callable, Iterator, List, Optional, Sequence, Tuple

# Records handed over in one queue item: fewer hand-offs, each costing a lock round trip.
BATCH = 100
# Queue items waiting for the consumer: enough to keep the readers busy, few enough to bound memory.
QUEUED_BATCHES_PER_READER = 4
_POLL_SECONDS = 0.1


class ShopRead:
    """One shop's read: `records()` makes its generator; `state()` is the live state it advances."""

    def __init__(self, shop_id: str, records: Callable[[], Iterator[Any]], state: Callable[[], Any]) -> None:
        self.shop_id, self.records, self.state = shop_id, records, state


class _Stopped(Exception):
    """The consumer went away; a reader stops where it is."""


def interleave_shops(reads: Sequence[ShopRead], workers: int, install: Callable[[str, Any], None]) -> Iterator[Any]:
    """Yield the records of every read, at most `workers` shops at a time.

    `install(shop_id, state)` is called on the consuming thread before that shop's next records are
    yielded (and once more when its read ends), with a copy of the state that goes with them.
    A read that fails stops the others and the error is raised here, after the records before it.
    """
    todo: "queue.SimpleQueue[ShopRead]" = queue.SimpleQueue()
    for read in reads:
        todo.put(read)
    count = max(1, min(workers, len(reads)))
    out: "queue.Queue[Tuple[str, Optional[List[Any]], Any, Optional[BaseException]]]" = queue.Queue(count * QUEUED_BATCHES_PER_READER)
    stop = threading.Event()

    def put(item: Tuple[str, Optional[List[Any]], Any, Optional[BaseException]]) -> None:
        while True:
            if stop.is_set():
                raise _Stopped()
            try:
                out.put(item, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    def run_one(read: ShopRead) -> None:
        generator = read.records()
        state = copy.deepcopy(read.state())
        batch: List[Any] = []
        try:
            for record in generator:
                live = read.state()
                if live != state:
                    if batch:
                        put((read.shop_id, batch, state, None))
                        batch = []
                    state = copy.deepcopy(live)
                batch.append(record)
                # Full batches when records come fast; at once when the consumer has nothing to do
                # (slow detail calls), so records flow and checkpoints keep coming.
                if len(batch) >= BATCH or out.empty():
                    put((read.shop_id, batch, state, None))
                    batch = []
        except _Stopped:
            raise
        except BaseException:
            if batch:  # what was read before the failure goes out first, as in a one-shop read
                put((read.shop_id, batch, state, None))
            raise
        finally:
            generator.close()
        if batch:
            put((read.shop_id, batch, state, None))
        put((read.shop_id, [], copy.deepcopy(read.state()), None))

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
                        put((read.shop_id, None, None, error))
                    except _Stopped:
                        pass
                    return
        finally:
            try:
                put(("", None, None, None))  # this reader is done
            except _Stopped:
                pass

    threads = [threading.Thread(target=reader, name=f"tiktok-shop-{i}", daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    running = count
    try:
        while running:
            shop_id, records, state, error = out.get()
            if error is not None:
                raise error
            if records is None:
                running -= 1
                continue
            install(shop_id, state)
            yield from records
    finally:
        stop.set()
        for thread in threads:
            thread.join()
