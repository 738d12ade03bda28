"""Shops read side by side (runner.interleave_shops): every record in its shop's order, checkpoints
that never claim more than was emitted for a shop, a failing shop stopping the read cleanly, and no
reader left running."""

import threading
import time

import pytest

from source_tiktok_shop.runner import ReadRunner, ShopRead, interleave_shops


def counting_read(shop_id, count, pause=0.0, fail_at=None, closed=None, active=None, installed=None, gate=None):
    """A shop read whose state says how many of its records were produced before the current one."""
    state = {}
    installed = installed if installed is not None else Installed()

    def records():
        try:
            if active is not None:
                active.enter()
            for i in range(count):
                if gate is not None and i == 1:
                    gate.wait()
                if pause:
                    time.sleep(pause)
                if i == fail_at:
                    raise RuntimeError(f"{shop_id} failed at {i}")
                state["before"] = i  # advanced before the record goes out, as a page token is
                yield (shop_id, i)
            state["done"] = True
        finally:
            if active is not None:
                active.leave()
            if closed is not None:
                closed.append(shop_id)

    return ShopRead(shop_id, records, lambda: state, lambda installed_state: installed(shop_id, installed_state))


class Installed:
    def __init__(self):
        self.states = {}

    def __call__(self, shop_id, state):
        self.states[shop_id] = state


class Active:
    def __init__(self):
        self.now = self.peak = 0
        self.lock = threading.Lock()

    def enter(self):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def leave(self):
        with self.lock:
            self.now -= 1


def test_every_record_arrives_in_its_shops_order_and_shops_overlap():
    # Each shop's second record waits until all three shops have produced their first: only shops
    # read at the same time get past it.
    gate = threading.Barrier(3, timeout=5)
    reads = [counting_read(f"s{n}", 20, gate=gate) for n in range(3)]
    out = list(interleave_shops(reads, 3))
    assert sorted(out) == sorted((f"s{n}", i) for n in range(3) for i in range(20))
    for n in range(3):
        assert [i for shop, i in out if shop == f"s{n}"] == list(range(20))


def test_the_installed_state_goes_exactly_as_far_as_the_emitted_records():
    installed = Installed()
    reads = [counting_read(f"s{n}", 350, pause=0.0002 * n, installed=installed) for n in range(3)]
    for shop, i in interleave_shops(reads, 2):
        # What a checkpoint taken now would say of this shop: the state its read had at this record.
        assert installed.states[shop] == {"before": i}
    # A read's last change (after its last record) is installed too.
    assert installed.states == {f"s{n}": {"before": 349, "done": True} for n in range(3)}


def test_at_most_workers_shops_are_read_at_once():
    active = Active()
    reads = [counting_read(f"s{n}", 5, pause=0.01, active=active) for n in range(5)]
    out = list(interleave_shops(reads, 2))
    assert len(out) == 25
    assert active.peak == 2


def test_a_failing_shop_stops_the_others_and_its_error_surfaces_after_its_earlier_records():
    closed = []
    reads = [counting_read("bad", 10, fail_at=4, closed=closed), counting_read("good", 10_000, pause=0.001, closed=closed)]
    seen = []
    with pytest.raises(RuntimeError, match="bad failed at 4"):
        for record in interleave_shops(reads, 2):
            seen.append(record)
    assert [i for shop, i in seen if shop == "bad"] == [0, 1, 2, 3]
    assert sorted(closed) == ["bad", "good"]  # the other shop's read was closed, not left running
    assert len([r for r in seen if r[0] == "good"]) < 10_000


def test_a_consumer_that_stops_early_leaves_no_reader_running():
    closed = []
    reads = [counting_read(f"s{n}", 100_000, closed=closed) for n in range(3)]
    records = interleave_shops(reads, 3)
    assert len([next(records) for _ in range(50)]) == 50
    records.close()
    assert sorted(closed) == ["s0", "s1", "s2"]
    assert not [t for t in threading.enumerate() if t.name.startswith("tiktok-shop-")]


def test_one_shop_or_one_call_at_a_time_reads_in_order_on_the_calling_thread():
    for workers, reads in ((1, [counting_read("a", 3), counting_read("b", 2)]), (4, [counting_read("only", 3)])):
        threads = []
        for read in reads:
            inner = read.records
            read.records = lambda inner=inner, threads=threads: (threads.append(threading.current_thread()) or record for record in inner())
        with ReadRunner(workers) as runner:
            out = list(runner.read_shops(reads))
        assert out == [(read.shop_id, i) for read, n in zip(reads, (3, 2) if workers == 1 else (3,)) for i in range(n)]
        assert set(threads) == {threading.current_thread()}
