"""Mock-server tests of `statements`: GET /finance/202309/statements with the window in the query,
the finance floor (2023-07-01) and the lookback."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, CIPHER_B, NOW, SHOP_A, SHOP_B, A, B, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import DAY, START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, record

STREAM = "statements"
FINANCE_EARLIEST = 1688169600  # 2023-07-01T00:00:00Z
NOW_9D = START + 9 * DAY  # 2024-01-10T00:00:00Z


def statements(*rows):
    return page(STREAM, *(record(STREAM, statement_id, statement_time) for statement_id, statement_time in rows))


@freeze_time(NOW)
class StatementsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = STREAM

    @freeze_time("2024-01-10T00:00:00Z")
    @HttpMocker()
    def test_two_pages_from_the_finance_floor_with_window_bounds_in_the_query(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # A GET: the bounds travel in the query and there is no body (an unexpected body would not match).
        first = self.mock(
            http_mocker,
            RequestBuilder.search(STREAM, CIPHER_A, FINANCE_EARLIEST, NOW_9D),
            statements(("S-1", START), ("S-2", START + DAY)).with_next_page_token("st2").build(),
        )
        second = self.mock(
            http_mocker,
            RequestBuilder.search(STREAM, CIPHER_A, FINANCE_EARLIEST, NOW_9D, "st2"),
            statements(("S-3", START + 2 * DAY)).build(),
        )

        # start_date before 2023-07-01: TikTok's finance data starts there, so the read does too.
        output = self.read(ConfigBuilder().with_start_date("2023-01-01T00:00:00Z").build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "shop_id"), [("S-1", SHOP_A), ("S-2", SHOP_A), ("S-3", SHOP_A)])
        http_mocker.assert_number_of_calls(first, 1)
        http_mocker.assert_number_of_calls(second, 1)
        self.assertEqual(self.final_state(output), self.per_shop("statement_time", NOW_9D))

    @freeze_time("2024-01-10T00:00:00Z")
    @HttpMocker()
    def test_lookback_rereads_recent_statements_of_the_shop_with_a_cursor(self, http_mocker: HttpMocker) -> None:
        cursor_a = START + 8 * DAY
        self.mock_shops(http_mocker, A, B)
        a_call = self.mock(
            http_mocker,
            RequestBuilder.search(STREAM, CIPHER_A, cursor_a - 3 * DAY, NOW_9D),
            statements(("A-settling", START + 6 * DAY)).build(),
        )
        b_call = self.mock(http_mocker, RequestBuilder.search(STREAM, CIPHER_B, START, NOW_9D), statements(("B-old", START + DAY)).build())

        # Concurrency 1: the shops are read one after the other.
        config = ConfigBuilder().with_lookback_days(3).with_concurrency(1).build()
        output = self.read(config, STREAM, state=self.per_shop("statement_time", cursor_a))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("A-settling",), ("B-old",)])
        http_mocker.assert_number_of_calls(a_call, 1)
        http_mocker.assert_number_of_calls(b_call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("statement_time", NOW_9D, [SHOP_A, SHOP_B]))
