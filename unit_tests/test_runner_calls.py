"""ReadRunner's fanned-out calls and page read-ahead: input order, a bound on calls at once, errors in
order, and no thread left when the read ends, fails or is abandoned."""

import threading

import pytest

from source_tiktok_shop.runner import ReadRunner


def test_results_come_back_in_input_order_even_when_calls_finish_out_of_order():
    # Each even call waits for the odd call after it to finish first, so the calls end out of order.
    finished = [threading.Event() for _ in range(12)]

    def call(n):
        if n % 2 == 0:
            assert finished[n + 1].wait(5), "the next call never ran alongside this one"
        finished[n].set()
        return n * 10

    with ReadRunner(4) as runner:
        assert list(runner.map_ordered(call, range(12))) == [n * 10 for n in range(12)]


def test_calls_overlap_but_never_exceed_the_in_flight_bound():
    running, peak, lock = 0, 0, threading.Lock()
    together = threading.Barrier(4, timeout=5)  # passes only when four calls run at the same time

    def call(n):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        if n < 4:
            together.wait()
        with lock:
            running -= 1
        return n

    with ReadRunner(4) as runner:
        assert list(runner.map_ordered(call, range(16))) == list(range(16))
    assert peak == 4


def test_a_call_stalled_at_the_head_does_not_hold_up_the_calls_behind_it():
    # The first call waits (as for a retry) until call 9 has run: with only `concurrency` calls submitted, the
    # other threads would sit idle behind it and this would time out.
    done = {n: threading.Event() for n in range(12)}

    def call(n):
        if n == 0:
            assert done[9].wait(5), "the calls behind a stalled one did not go on"
        done[n].set()
        return n

    with ReadRunner(4) as runner:
        assert list(runner.map_ordered(call, range(12))) == list(range(12))


def test_an_error_surfaces_in_order_and_one_call_at_a_time_is_sequential():
    def boom(n):
        if n == 3:
            raise ValueError("three")
        return n

    with ReadRunner(3) as runner:
        results = runner.map_ordered(boom, range(6))
        assert [next(results) for _ in range(3)] == [0, 1, 2]
        with pytest.raises(ValueError):
            next(results)
    callers = []
    with ReadRunner(1) as runner:
        assert list(runner.map_ordered(lambda n: callers.append(threading.current_thread()) or n + 1, range(3))) == [1, 2, 3]
        assert runner.ahead(lambda n: n, 1) is None
    assert set(callers) == {threading.current_thread()}


def test_the_runner_leaves_no_thread_behind_also_when_its_consumer_stops_early():
    started = threading.Event()
    with ReadRunner(3) as runner:
        results = runner.map_ordered(lambda n: started.set() or n, range(1000))
        assert next(results) == 0
        results.close()
        assert runner.ahead(lambda n: n + 1, 1).result(5) == 2
    assert started.is_set()
    assert not [t for t in threading.enumerate() if t.name.startswith("tiktok_")]


def test_a_failing_read_shuts_the_pools_down_on_its_way_out():
    release = threading.Event()

    def slow(n):
        release.wait(5)
        return n

    with pytest.raises(RuntimeError, match="stream failed"):
        with ReadRunner(2) as runner:
            results = runner.map_ordered(slow, range(10))
            ahead = runner.ahead(slow, 99)
            release.set()
            assert next(results) == 0
            raise RuntimeError("stream failed")
    assert ahead.done()
    assert not [t for t in threading.enumerate() if t.name.startswith("tiktok_")]


def test_read_ahead_runs_walks_side_by_side_yields_them_in_order_and_stops_them_when_abandoned():
    second_started = threading.Event()
    produced = []

    def walk(n):
        def pages():
            if n == 1:
                second_started.set()
            if n == 0:
                # The first walk waits until the second runs alongside it: they overlap.
                assert second_started.wait(5), "walks did not run side by side"
            for page in range(3):
                produced.append((n, page))
                yield (n, page)

        return pages

    with ReadRunner(2) as runner:
        walks = runner.read_ahead([walk(n) for n in range(5)], buffer=1)
        assert [list(pages) for pages in walks] == [[(n, p) for p in range(3)] for n in range(5)]

    def endless():
        while True:
            yield "page"

    def failing():
        yield "one"
        raise ValueError("walk failed")

    with ReadRunner(3) as runner:
        walks = runner.read_ahead([failing, endless, endless], buffer=2)
        pages = next(walks)
        assert next(pages) == "one"
        with pytest.raises(ValueError, match="walk failed"):
            next(pages)
        walks.close()  # the endless walks stop at their next page
    assert not [t for t in threading.enumerate() if t.name.startswith("tiktok_")]
