"""The rules of one walk over a paginated list (page_walk.py), answer by answer."""

import pytest
from airbyte_cdk.utils import AirbyteTracedException

from source_tiktok_shop.page_walk import MAX_STALLED_PAGES, PageWalk


def walk(first_token=None):
    return PageWalk("orders", 2, "id", first_token)


def page(ids, token="", total=None, **extra):
    data = {"orders": [{"id": i} for i in ids], "next_page_token": token, **extra}
    if total is not None:
        data["total_count"] = total
    return data


def test_a_consistent_walk_is_accepted_to_its_end():
    w = walk()
    assert w.check(page(["1", "2"], "t1", total=3)) is None
    assert w.accept(page(["1", "2"], "t1", total=3), "x", "orders") == ([{"id": "1"}, {"id": "2"}], "t1")
    assert w.check(page(["3"], "", total=3)) is None
    assert w.accept(page(["3"], "", total=3), "x", "orders")[1] is None


@pytest.mark.parametrize(
    "data,words",
    [
        ({"orders": None, "next_page_token": "t2"}, "null, but a next page follows"),
        ({"next_page_token": "t2"}, "missing, but a next page follows"),
        ({"total_count": 5}, "`total_count` is 5"),
        ({"orders": {"id": "1"}}, "not a list"),
        ({"orders": [None]}, "element 0 of `data.orders` is null"),
        ({"orders": [{"status": "X"}]}, "no usable `id`"),
        ({"orders": [{"id": "1"}], "next_page_token": 7}, "`next_page_token` is a number"),
        ({"orders": [{"id": "1"}, {"id": "2"}], "total_count": 9}, "a full page of 2 record(s) without `next_page_token`"),
    ],
)
def test_answers_that_would_end_or_skip_the_walk_are_refused(data, words):
    problem = walk().check(data)
    assert problem is not None and words in problem


def test_a_missing_empty_list_at_the_end_is_the_end():
    # TikTok may leave an empty list out; with no next token and nothing more counted that is the end.
    assert walk().check({"total_count": 0}) is None
    assert walk().check({}) is None


def test_a_token_used_before_in_the_walk_is_refused():
    w = walk("t0")
    assert "repeats" in w.check(page(["1", "2"], "t0"))
    w.accept(page(["1", "2"], "t1"), "x", "orders")
    assert "repeats" in w.check(page(["3", "4"], "t1"))


def test_a_resumed_walk_does_not_judge_by_total_count():
    assert walk("t5").check(page(["9", "10"], "", total=100)) is None


def test_pages_without_new_records_stop_the_walk_after_a_few():
    w = walk()
    w.accept(page(["1", "2"], "t1"), "x", "orders")
    for n in range(MAX_STALLED_PAGES):
        w.accept(page(["1"] if n % 2 else [], f"s{n}"), "x", "orders")
    with pytest.raises(AirbyteTracedException) as raised:
        w.accept(page([], "s-last"), "POST /x for shop 1", "orders")
    assert "pages in a row" in raised.value.message and "POST /x for shop 1" in raised.value.message


def test_a_page_with_new_records_resets_the_count():
    w = walk()
    for n in range(3 * MAX_STALLED_PAGES):
        w.accept(page([] if n % 2 else [str(n)], f"t{n}"), "x", "orders")
