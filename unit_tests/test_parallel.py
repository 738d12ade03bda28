import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from source_tiktok_shop.parallel import ordered_map


def test_results_come_back_in_input_order_even_when_calls_finish_out_of_order():
    def slow_then_fast(n):
        time.sleep(0.05 if n % 2 == 0 else 0.0)
        return n * 10

    with ThreadPoolExecutor(4) as pool:
        assert list(ordered_map(pool, slow_then_fast, range(12), 4)) == [n * 10 for n in range(12)]


def test_calls_overlap_but_never_exceed_the_in_flight_bound():
    running, peak, lock = 0, 0, threading.Lock()

    def call(n):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        with lock:
            running -= 1
        return n

    with ThreadPoolExecutor(8) as pool:
        started = time.monotonic()
        assert list(ordered_map(pool, call, range(16), 4)) == list(range(16))
        elapsed = time.monotonic() - started
    assert 2 <= peak <= 4
    assert elapsed < 16 * 0.02 * 0.75, "no overlap happened"


def test_an_error_surfaces_in_order_and_no_executor_means_sequential():
    def boom(n):
        if n == 3:
            raise ValueError("three")
        return n

    with ThreadPoolExecutor(4) as pool:
        results = ordered_map(pool, boom, range(6), 3)
        assert [next(results) for _ in range(3)] == [0, 1, 2]
        with pytest.raises(ValueError):
            next(results)
    assert list(ordered_map(None, lambda n: n + 1, range(3), 4)) == [1, 2, 3]
