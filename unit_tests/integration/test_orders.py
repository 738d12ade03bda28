"""Mock-server tests of `orders`: POST /order/202309/orders/search by update_time window, per-shop state,
mid-window resume, a refused page token, and the token refresh."""

from __future__ import annotations

import io
import json
from unittest.mock import patch

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, CIPHER_B, NOW, NOW_EPOCH, SHOP_A, SHOP_B, A, B, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import ACCESS_TOKEN, DAY, START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import error_response, page, record, token_refresh_response

STREAM = "orders"
NOW_5D = START + 5 * DAY  # 2024-01-06T00:00:00Z


def search(cipher: str, start: int, end: int, page_token: str = None) -> RequestBuilder:
    return RequestBuilder.search(STREAM, cipher, start, end, page_token)


def orders(*ids: str, update_time: int = START + 60):
    return page(STREAM, *(record(STREAM, order_id, update_time) for order_id in ids))


@freeze_time(NOW)
class OrdersTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = STREAM

    @HttpMocker()
    def test_two_pages_two_shops_give_records_with_shop_id_and_one_cursor_per_shop(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A, B)
        token = {"x-tts-access-token": ACCESS_TOKEN}
        # Every page of a window carries the same bounds (TikTok ties a page token to its filters).
        calls = [
            self.mock(
                http_mocker,
                search(CIPHER_A, START, NOW_EPOCH).with_headers(token),
                orders("A-1", "A-2").with_next_page_token("tok2").with_total_count(3).build(),
            ),
            self.mock(
                http_mocker, search(CIPHER_A, START, NOW_EPOCH, "tok2").with_headers(token), orders("A-3").with_total_count(3).build()
            ),
            self.mock(http_mocker, search(CIPHER_B, START, NOW_EPOCH).with_headers(token), orders("B-1").build()),
        ]

        # Concurrency 1: the shops are read one after the other (side-by-side reads have their own test).
        output = self.read(ConfigBuilder().with_concurrency(1).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "shop_id"), [("A-1", SHOP_A), ("A-2", SHOP_A), ("A-3", SHOP_A), ("B-1", SHOP_B)])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH, [SHOP_A, SHOP_B]))

    @freeze_time("2024-01-06T00:00:00Z")
    @HttpMocker()
    def test_incoming_state_moves_only_its_own_shop_and_lookback_applies_to_the_cursor(self, http_mocker: HttpMocker) -> None:
        cursor_a = START + 3 * DAY
        self.mock_shops(http_mocker, A, B)
        # A restarts one lookback day before its cursor; B has no cursor and starts at start_date.
        a_search = self.mock(http_mocker, search(CIPHER_A, cursor_a - DAY, NOW_5D), orders("A-late", update_time=cursor_a + 60).build())
        b_search = self.mock(http_mocker, search(CIPHER_B, START, NOW_5D), orders("B-early").build())

        # The default concurrency reads the two shops side by side, so their calls and records interleave.
        output = self.read(ConfigBuilder().with_lookback_days(1).build(), STREAM, state=self.per_shop("update_time", cursor_a))

        self.assert_clean(output)
        self.assertEqual(sorted(self.rows(output, "id", "shop_id")), [("A-late", SHOP_A), ("B-early", SHOP_B)])
        http_mocker.assert_number_of_calls(a_search, 1)
        http_mocker.assert_number_of_calls(b_search, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_5D, [SHOP_A, SHOP_B]))

    @HttpMocker()
    def test_mid_window_checkpoint_resumes_with_its_bounds_and_page_token(self, http_mocker: HttpMocker) -> None:
        resume_start, resume_end = START + DAY, START + 2 * DAY
        self.mock_shops(http_mocker, A, B)
        calls = [
            self.mock(http_mocker, search(CIPHER_A, resume_start, resume_end, "tok2"), orders("A-page2").build()),
            self.mock(http_mocker, search(CIPHER_A, resume_end, NOW_EPOCH), orders("A-next-window").build()),
            self.mock(http_mocker, search(CIPHER_B, START, NOW_EPOCH), orders("B-1").build()),
        ]
        resume = {"start": resume_start, "end": resume_end, "page_token": "tok2"}
        state = {"shops": {SHOP_A: {"update_time": resume_start, "resume": resume}}}

        output = self.read(ConfigBuilder().with_concurrency(1).build(), STREAM, state=state)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("A-page2",), ("A-next-window",), ("B-1",)])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH, [SHOP_A, SHOP_B]))

    @HttpMocker()
    def test_refused_checkpointed_page_token_rereads_the_window_from_its_first_page(self, http_mocker: HttpMocker) -> None:
        window_end = START + 2 * DAY
        self.mock_shops(http_mocker, A)
        calls = [
            self.mock(
                http_mocker,
                search(CIPHER_A, START, window_end, "stale_tok"),
                error_response(36009004, "Invalid page_token: the token has expired or does not match the filters.", status_code=400),
            ),
            self.mock(
                http_mocker,
                search(CIPHER_A, START, window_end),
                orders("W-1", "W-2").with_next_page_token("fresh2").with_total_count(3).build(),
            ),
            self.mock(http_mocker, search(CIPHER_A, START, window_end, "fresh2"), orders("W-3").with_total_count(3).build()),
            self.mock(http_mocker, search(CIPHER_A, window_end, NOW_EPOCH), orders("N-1").build()),
        ]
        state = {"shops": {SHOP_A: {"update_time": START, "resume": {"start": START, "end": window_end, "page_token": "stale_tok"}}}}

        output = self.read(ConfigBuilder().build(), STREAM, state=state)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("W-1",), ("W-2",), ("W-3",), ("N-1",)])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH))

    @HttpMocker()
    def test_expired_token_code_on_http_200_refreshes_with_a_get_and_retries(self, http_mocker: HttpMocker) -> None:
        new_access, new_refresh = "TTP_it_refreshed_access_token_5a9d0c7e3f21b864", "TTP_it_rotated_refresh_token_c41e8b2d97a6f053"
        self.mock_shops(http_mocker)
        # Matched on the token header at send time: the old token gets 105002, only the new one data.
        expired = self.mock(
            http_mocker,
            search(CIPHER_A, START, NOW_EPOCH).with_headers({"x-tts-access-token": ACCESS_TOKEN}),
            error_response(105002, "Expired credentials. The access token has expired."),
        )
        retried = self.mock(
            http_mocker,
            search(CIPHER_A, START, NOW_EPOCH).with_headers({"x-tts-access-token": new_access}),
            orders("after-refresh").build(),
        )
        # The refresh is a GET on the auth host (the CDK's own refresh would POST).
        refresh = self.mock(
            http_mocker,
            RequestBuilder.token_refresh(),
            token_refresh_response(new_access, new_refresh, NOW_EPOCH + 7 * DAY, NOW_EPOCH + 365 * DAY),
        )

        with patch("sys.stdout", new_callable=io.StringIO) as stdout:
            output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("after-refresh",)])
        for call in (expired, retried, refresh):
            http_mocker.assert_number_of_calls(call, 1)
        controls = [json.loads(line) for line in stdout.getvalue().splitlines() if '"CONTROL"' in line]
        self.assertTrue(controls, "the rotated refresh token must be emitted as a CONNECTOR_CONFIG control message")
        persisted = controls[-1]["control"]["connectorConfig"]["config"]["credentials"]
        self.assertEqual((persisted["access_token"], persisted["refresh_token"]), (new_access, new_refresh))
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH))
