"""Tests every table of one shape shares, written once; each table's TestCase mixes in its shape.

- `WindowedSearchBehaviour`: incremental tables read by time window (orders, products, returns, ...):
  one page, the next page, the state's cursor as the window start that is sent, and an empty window;
- `ShopListBehaviour`: full-refresh lists read whole per shop (warehouses, categories, brands, ...):
  one page, and pagination where the endpoint pages (elsewhere a `next_page_token` is not followed);
- `DailyListBehaviour`: the analytics lists asked for one day at a time: one page, the next page, and
  the state's last day read as the day after which reading resumes.

The shared tests take a fresh HttpMocker per run (`per_run_http_mocker`): one `@HttpMocker()` instance
on a method that several classes inherit would keep the mocks of the previous class's run.
"""

from __future__ import annotations

import functools
from typing import Any, Callable, ClassVar, Dict, List, Mapping, Optional, Tuple

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from airbyte_cdk.test.mock_http.response_builder import RecordBuilder

from .base import CIPHER_A, NOW_EPOCH, SHOP_A, A
from .config import DAY, START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import LISTINGS, page, record


def per_run_http_mocker(test: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> Any:
        return HttpMocker()(test)(*args, **kwargs)

    return run


class WindowedSearchBehaviour:
    """An incremental table whose records come from one time-windowed, paginated search per shop."""

    STREAM: ClassVar[str]
    # The search whose windows and pages the table walks: its own, or its parent's (orders for settlements).
    SEARCH: ClassVar[Optional[str]] = None
    # The emitted records' key and the state's cursor; by default the search's own.
    KEY: ClassVar[Optional[str]] = None
    CURSOR: ClassVar[Optional[str]] = None
    # Seconds a table always re-reads before its cursor (payments: 7 days).
    LOOKBACK_FLOOR: ClassVar[int] = 0
    # For the state test: a start_date well before the cursor, so the window start comes from the state alone.
    STATE_START_DATE: ClassVar[str] = "2023-10-01T00:00:00Z"

    @property
    def searched(self) -> str:
        return self.SEARCH or self.STREAM

    @property
    def cursor(self) -> str:
        return self.CURSOR or LISTINGS[self.searched].cursor_field

    @property
    def key(self) -> str:
        return self.KEY or LISTINGS[self.searched].id_field

    def search(self, start: int, end: int, page_token: Optional[str] = None) -> RequestBuilder:
        return RequestBuilder.search(self.searched, CIPHER_A, start, end, page_token)

    def row(self, record_id: str, cursor: int = START + 60) -> RecordBuilder:
        return record(self.searched, record_id, cursor)

    def setUp(self) -> None:
        super().setUp()
        # The mocked per-record calls by record id, for assert_number_of_calls.
        self.children: Dict[str, HttpRequest] = {}

    def child_call(self, record_id: str, **fields: Any) -> Optional[Tuple[RequestBuilder, HttpResponse]]:
        """The call a table makes for each record its search finds (a product's detail, an order's settlement), if any."""
        return None

    def mock_children(self, http_mocker: HttpMocker, ids: List[str], calls: int = 1, **fields: Any) -> None:
        """The child calls for the records of ONE search page (a table that batches a page's ids overrides this)."""
        for record_id in ids:
            child = self.child_call(record_id, **fields)
            if child is not None:
                request, response = child
                self.children[record_id] = self.mock(http_mocker, request, [response] * calls)

    @per_run_http_mocker
    def test_one_page_gives_its_records_with_shop_id_and_moves_the_cursor_to_now(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        search = self.mock(http_mocker, self.search(START, NOW_EPOCH), page(self.searched, self.row("R-1"), self.row("R-2")).build())
        self.mock_children(http_mocker, ["R-1", "R-2"])

        output = self.read(ConfigBuilder().build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, self.key, "shop_id"), [("R-1", SHOP_A), ("R-2", SHOP_A)])
        http_mocker.assert_number_of_calls(search, 1)
        self.assertEqual(self.final_state(output), self.per_shop(self.cursor, NOW_EPOCH))

    @per_run_http_mocker
    def test_next_page_token_asks_for_the_next_page_with_the_same_window(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        first = self.mock(
            http_mocker,
            self.search(START, NOW_EPOCH),
            page(self.searched, self.row("R-1"), self.row("R-2")).with_next_page_token("page-2").with_total_count(3).build(),
        )
        second = self.mock(
            http_mocker,
            self.search(START, NOW_EPOCH, page_token="page-2"),
            page(self.searched, self.row("R-3")).with_total_count(3).build(),
        )
        self.mock_children(http_mocker, ["R-1", "R-2"])
        self.mock_children(http_mocker, ["R-3"])

        output = self.read(ConfigBuilder().build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual([row[0] for row in self.rows(output, self.key)], ["R-1", "R-2", "R-3"])
        http_mocker.assert_number_of_calls(first, 1)
        http_mocker.assert_number_of_calls(second, 1)
        self.assertEqual(self.final_state(output), self.per_shop(self.cursor, NOW_EPOCH))

    @per_run_http_mocker
    def test_state_cursor_is_the_window_start_sent(self, http_mocker: HttpMocker) -> None:
        cursor = NOW_EPOCH - DAY
        self.mock_shops(http_mocker, A)
        search = self.mock(
            http_mocker, self.search(cursor - self.LOOKBACK_FLOOR, NOW_EPOCH), page(self.searched, self.row("R-late", cursor + 60)).build()
        )
        self.mock_children(http_mocker, ["R-late"])

        output = self.read(
            ConfigBuilder().with_start_date(self.STATE_START_DATE).build(), self.STREAM, state=self.per_shop(self.cursor, cursor)
        )

        self.assert_clean(output)
        self.assertEqual(self.rows(output, self.key), [("R-late",)])
        http_mocker.assert_number_of_calls(search, 1)
        self.assertEqual(self.final_state(output), self.per_shop(self.cursor, NOW_EPOCH))

    @per_run_http_mocker
    def test_an_empty_window_emits_nothing_and_the_cursor_still_moves(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # TikTok may leave an empty list out of `data` altogether.
        search = self.mock(http_mocker, self.search(START, NOW_EPOCH), page(self.searched).without_list().with_total_count(0).build())

        output = self.read(ConfigBuilder().build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        http_mocker.assert_number_of_calls(search, 1)
        self.assertEqual(self.final_state(output), self.per_shop(self.cursor, NOW_EPOCH))


class ShopListBehaviour:
    """A full-refresh list read whole for every shop."""

    STREAM: ClassVar[str]
    PAGINATED: ClassVar[bool]
    # Query params the table sends besides its endpoint's own (the category tree version of a GB shop).
    PARAMS: ClassVar[Mapping[str, str]] = {}

    @property
    def key(self) -> str:
        return LISTINGS[self.STREAM].id_field

    def first_page(self, page_token: Optional[str] = None, cipher: str = CIPHER_A, **params: str) -> RequestBuilder:
        """The list's request for shop A (GB) unless told otherwise; tables with more params extend it."""
        return RequestBuilder.endpoint(self.STREAM, cipher).with_query_params({**self.PARAMS, **params}).with_page_token(page_token)

    def row(self, record_id: str) -> RecordBuilder:
        return record(self.STREAM, record_id)

    def read_whole(self, http_mocker: HttpMocker, *requests: HttpRequest):
        output = self.read(ConfigBuilder().build(), self.STREAM, SyncMode.full_refresh)
        self.assert_clean(output)
        for request in requests:
            http_mocker.assert_number_of_calls(request, 1)
        return output

    @per_run_http_mocker
    def test_one_page_gives_its_records_with_shop_id(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        request = self.mock(http_mocker, self.first_page(), page(self.STREAM, self.row("L-1"), self.row("L-2")).build())

        output = self.read_whole(http_mocker, request)

        self.assertEqual(self.rows(output, self.key, "shop_id"), [("L-1", SHOP_A), ("L-2", SHOP_A)])

    @per_run_http_mocker
    def test_next_page_token_is_followed_only_where_the_endpoint_pages(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        first = self.mock(
            http_mocker, self.first_page(), page(self.STREAM, self.row("L-1")).with_next_page_token("page-2").with_total_count(2).build()
        )
        requests = [first]
        if self.PAGINATED:
            requests.append(
                self.mock(http_mocker, self.first_page("page-2"), page(self.STREAM, self.row("L-2")).with_total_count(2).build())
            )

        output = self.read_whole(http_mocker, *requests)

        self.assertEqual([row[0] for row in self.rows(output, self.key)], ["L-1", "L-2"] if self.PAGINATED else ["L-1"])


class DailyListBehaviour:
    """An analytics list asked for one shop-local day at a time (`start_date_ge` = day, `end_date_lt` = day + 1)."""

    STREAM: ClassVar[str]
    # Frozen at NOW (2024-01-04); TikTok has published up to the day before.
    LATEST = "2024-01-03"
    # At noon UTC, like base.ANALYTICS_START: the first day asked for is 2024-01-03.
    START_DATE = "2024-01-03T12:00:00Z"

    def day_request(self, day: str, next_day: str, page_token: Optional[str] = None) -> RequestBuilder:
        return RequestBuilder.search(self.STREAM, CIPHER_A, day, next_day, page_token)

    def day_page(self, *ids: int, latest: Optional[str] = LATEST):
        builder = page(self.STREAM, *(record(self.STREAM, record_id) for record_id in ids))
        return builder.with_data_field("latest_available_date", latest)

    @per_run_http_mocker
    def test_one_day_page_gives_records_with_string_ids_the_day_and_shop_id(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        request = self.mock(
            http_mocker, self.day_request("2024-01-03", "2024-01-04"), self.day_page(1729592969712207008, 1729592969712207009).build()
        )

        output = self.read(ConfigBuilder().with_start_date(self.START_DATE).build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual(
            self.rows(output, "id", "date", "shop_id"),
            [("1729592969712207008", "2024-01-03", SHOP_A), ("1729592969712207009", "2024-01-03", SHOP_A)],
        )
        http_mocker.assert_number_of_calls(request, 1)
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-03"))

    @per_run_http_mocker
    def test_next_page_token_asks_for_the_next_page_of_the_same_day(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        first = self.mock(
            http_mocker,
            self.day_request("2024-01-03", "2024-01-04"),
            self.day_page(11, 12).with_next_page_token("page-2").with_total_count(3).build(),
        )
        second = self.mock(
            http_mocker, self.day_request("2024-01-03", "2024-01-04", "page-2"), self.day_page(13).with_total_count(3).build()
        )

        output = self.read(ConfigBuilder().with_start_date(self.START_DATE).build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("11",), ("12",), ("13",)])
        http_mocker.assert_number_of_calls(first, 1)
        http_mocker.assert_number_of_calls(second, 1)

    @per_run_http_mocker
    def test_state_day_is_the_last_day_read_and_reading_resumes_the_day_after(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        request = self.mock(http_mocker, self.day_request("2024-01-03", "2024-01-04"), self.day_page(21).build())

        output = self.read(ConfigBuilder().build(), self.STREAM, state=self.per_shop("date", "2024-01-02"))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "date"), [("21", "2024-01-03")])
        http_mocker.assert_number_of_calls(request, 1)
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-03"))
