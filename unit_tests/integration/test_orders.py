"""Mock-server tests of the `orders` stream: windows, pages, per-shop state, resume, token refresh."""

from __future__ import annotations

import io
import json
from unittest.mock import patch

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, CIPHER_B, SHOP_A, SHOP_B, TikTokShopMockServerTest
from .config import ACCESS_TOKEN, DAY, START, ConfigBuilder
from .request_builder import ORDER_SEARCH_PATH, REFRESH_PATH, SHOPS_PATH, RequestBuilder, sent_requests
from .response_builder import error_response, order_record, orders_search_response, token_refresh_response

STREAM = "orders"
NOW_3D = START + 3 * DAY  # 2024-01-04T00:00:00Z
NOW_5D = START + 5 * DAY  # 2024-01-06T00:00:00Z


class OrdersTest(TikTokShopMockServerTest):
    def assert_order_searches_well_formed(self, searches) -> None:
        for sent in searches:
            self.assertEqual(sent.query.get("sort_field"), "update_time", sent.query)
            self.assertEqual(sent.query.get("sort_order"), "ASC", sent.query)
            self.assertEqual(sent.query.get("page_size"), "100", sent.query)
            self.assertTrue(sent.query.get("sign") and sent.query.get("app_key") and sent.query.get("timestamp"), sent.query)

    @freeze_time("2024-01-04T00:00:00Z")
    @HttpMocker()
    def test_two_pages_two_shops_give_records_with_shop_id_and_one_cursor_per_shop(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, (SHOP_A, CIPHER_A), (SHOP_B, CIPHER_B))
        # Both shops read the same window [START, now): one mock answers A's two pages, then B's page,
        # so the shops are read one after the other here (side-by-side reads have their own test).
        http_mocker.post(
            RequestBuilder.order_search(START, NOW_3D).build(),
            [
                orders_search_response().with_records([order_record("A-1"), order_record("A-2")]).with_next_page_token("tok2").with_total_count(3).build(),
                orders_search_response().with_record(order_record("A-3")).with_total_count(3).build(),
                orders_search_response().with_record(order_record("B-1")).build(),
            ],
        )

        output = self.read(ConfigBuilder().with_concurrency(1).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            [(r.record.data["id"], r.record.data["shop_id"]) for r in output.records],
            [("A-1", SHOP_A), ("A-2", SHOP_A), ("A-3", SHOP_A), ("B-1", SHOP_B)],
        )
        searches = sent_requests(http_mocker, ORDER_SEARCH_PATH)
        self.assertEqual([s.query.get("shop_cipher") for s in searches], [CIPHER_A, CIPHER_A, CIPHER_B])
        self.assertEqual([s.query.get("page_token") for s in searches], [None, "tok2", None])
        # Every page of the window carries the same bounds (TikTok ties a page token to its filters).
        self.assertEqual([s.body for s in searches], [{"update_time_ge": START, "update_time_lt": NOW_3D}] * 3)
        self.assertEqual({s.query["timestamp"] for s in searches}, {str(NOW_3D)})
        self.assert_order_searches_well_formed(searches)
        self.assertTrue(all(s.headers.get("x-tts-access-token") == ACCESS_TOKEN for s in searches))
        shops_calls = sent_requests(http_mocker, SHOPS_PATH)
        self.assertTrue(shops_calls and all("shop_cipher" not in s.query for s in shops_calls))
        self.assertEqual(
            self.final_state(output),
            {"shops": {SHOP_A: {"update_time": NOW_3D}, SHOP_B: {"update_time": NOW_3D}}},
        )

    @freeze_time("2024-01-06T00:00:00Z")
    @HttpMocker()
    def test_incoming_state_moves_only_its_own_shop_and_lookback_applies_to_the_cursor(self, http_mocker: HttpMocker) -> None:
        cursor_a = START + 3 * DAY
        self.mock_shops(http_mocker, (SHOP_A, CIPHER_A), (SHOP_B, CIPHER_B))
        # A restarts one lookback day before its cursor; B has no cursor and starts at start_date.
        http_mocker.post(
            RequestBuilder.order_search(cursor_a - DAY, NOW_5D).build(),
            orders_search_response().with_record(order_record("A-late", cursor_a + 60)).build(),
        )
        http_mocker.post(
            RequestBuilder.order_search(START, NOW_5D).build(),
            orders_search_response().with_record(order_record("B-early", START + 60)).build(),
        )

        # The default concurrency reads the two shops side by side, so their calls and records interleave.
        output = self.read(
            ConfigBuilder().with_lookback_days(1).build(), STREAM, state={"shops": {SHOP_A: {"update_time": cursor_a}}}
        )

        self.assert_clean(output)
        self.assertEqual(
            sorted((r.record.data["id"], r.record.data["shop_id"]) for r in output.records), [("A-late", SHOP_A), ("B-early", SHOP_B)]
        )
        searches = sent_requests(http_mocker, ORDER_SEARCH_PATH)
        self.assertEqual(
            sorted((s.query["shop_cipher"], s.body["update_time_ge"], s.body["update_time_lt"]) for s in searches),
            sorted([(CIPHER_A, cursor_a - DAY, NOW_5D), (CIPHER_B, START, NOW_5D)]),
        )
        self.assert_order_searches_well_formed(searches)
        self.assertEqual(
            self.final_state(output),
            {"shops": {SHOP_A: {"update_time": NOW_5D}, SHOP_B: {"update_time": NOW_5D}}},
        )

    @freeze_time("2024-01-04T00:00:00Z")
    @HttpMocker()
    def test_mid_window_checkpoint_resumes_with_its_bounds_and_page_token(self, http_mocker: HttpMocker) -> None:
        resume_start, resume_end = START + DAY, START + 2 * DAY
        self.mock_shops(http_mocker, (SHOP_A, CIPHER_A), (SHOP_B, CIPHER_B))
        http_mocker.post(
            RequestBuilder.order_search(resume_start, resume_end).build(),
            orders_search_response().with_record(order_record("A-page2")).build(),
        )
        http_mocker.post(
            RequestBuilder.order_search(resume_end, NOW_3D).build(),
            orders_search_response().with_record(order_record("A-next-window")).build(),
        )
        http_mocker.post(
            RequestBuilder.order_search(START, NOW_3D).build(),
            orders_search_response().with_record(order_record("B-1")).build(),
        )
        state = {"shops": {SHOP_A: {"update_time": resume_start, "resume": {"start": resume_start, "end": resume_end, "page_token": "tok2"}}}}

        output = self.read(ConfigBuilder().with_concurrency(1).build(), STREAM, state=state)

        self.assert_clean(output)
        self.assertEqual([r.record.data["id"] for r in output.records], ["A-page2", "A-next-window", "B-1"])
        searches = sent_requests(http_mocker, ORDER_SEARCH_PATH)
        first = searches[0]
        self.assertEqual(first.query["shop_cipher"], CIPHER_A)
        self.assertEqual(first.body, {"update_time_ge": resume_start, "update_time_lt": resume_end})
        self.assertEqual(first.query.get("page_token"), "tok2")
        self.assertEqual(
            [(s.query["shop_cipher"], s.body["update_time_ge"], s.body["update_time_lt"], s.query.get("page_token")) for s in searches],
            [(CIPHER_A, resume_start, resume_end, "tok2"), (CIPHER_A, resume_end, NOW_3D, None), (CIPHER_B, START, NOW_3D, None)],
        )
        self.assert_order_searches_well_formed(searches)
        self.assertEqual(
            self.final_state(output),
            {"shops": {SHOP_A: {"update_time": NOW_3D}, SHOP_B: {"update_time": NOW_3D}}},
        )

    @freeze_time("2024-01-04T00:00:00Z")
    @HttpMocker()
    def test_refused_checkpointed_page_token_rereads_the_window_from_its_first_page(self, http_mocker: HttpMocker) -> None:
        window_end = START + 2 * DAY
        self.mock_shops(http_mocker)
        http_mocker.post(
            RequestBuilder.order_search(START, window_end).build(),
            [
                error_response(36009004, "Invalid page_token: the token has expired or does not match the filters.", status_code=400),
                orders_search_response().with_records([order_record("W-1"), order_record("W-2")]).with_next_page_token("fresh2").with_total_count(3).build(),
                orders_search_response().with_record(order_record("W-3")).with_total_count(3).build(),
            ],
        )
        http_mocker.post(
            RequestBuilder.order_search(window_end, NOW_3D).build(),
            orders_search_response().with_record(order_record("N-1")).build(),
        )
        state = {"shops": {SHOP_A: {"update_time": START, "resume": {"start": START, "end": window_end, "page_token": "stale_tok"}}}}

        output = self.read(ConfigBuilder().build(), STREAM, state=state)

        self.assert_clean(output)
        self.assertEqual([r.record.data["id"] for r in output.records], ["W-1", "W-2", "W-3", "N-1"])
        searches = sent_requests(http_mocker, ORDER_SEARCH_PATH)
        self.assertEqual(
            [(s.body["update_time_ge"], s.body["update_time_lt"], s.query.get("page_token")) for s in searches],
            [(START, window_end, "stale_tok"), (START, window_end, None), (START, window_end, "fresh2"), (window_end, NOW_3D, None)],
        )
        self.assert_order_searches_well_formed(searches)
        self.assertEqual(self.final_state(output), {"shops": {SHOP_A: {"update_time": NOW_3D}}})

    @freeze_time("2024-01-04T00:00:00Z")
    @HttpMocker()
    def test_expired_token_code_on_http_200_refreshes_with_a_get_and_retries(self, http_mocker: HttpMocker) -> None:
        new_access, new_refresh = "TTP_it_refreshed_access_token_5a9d0c7e3f21b864", "TTP_it_rotated_refresh_token_c41e8b2d97a6f053"
        self.mock_shops(http_mocker)
        # Matched on the token header at send time: the old token gets 105002, only the new one data.
        http_mocker.post(
            RequestBuilder.order_search(START, NOW_3D).with_headers({"x-tts-access-token": ACCESS_TOKEN}).build(),
            error_response(105002, "Expired credentials. The access token has expired."),
        )
        http_mocker.post(
            RequestBuilder.order_search(START, NOW_3D).with_headers({"x-tts-access-token": new_access}).build(),
            orders_search_response().with_record(order_record("after-refresh")).build(),
        )
        http_mocker.get(
            RequestBuilder.token_refresh().build(),
            token_refresh_response(new_access, new_refresh, NOW_3D + 7 * DAY, NOW_3D + 365 * DAY),
        )

        with patch("sys.stdout", new_callable=io.StringIO) as stdout:
            output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual([r.record.data["id"] for r in output.records], ["after-refresh"])
        refreshes = sent_requests(http_mocker, REFRESH_PATH)
        self.assertEqual([(r.method, r.host) for r in refreshes], [("GET", "auth.test")])
        searches = sent_requests(http_mocker, ORDER_SEARCH_PATH)
        # One request, retried once after the refresh (the history holds the retried object twice).
        self.assertEqual(len(searches), 2)
        self.assertEqual(searches[-1].headers.get("x-tts-access-token"), new_access)
        self.assert_order_searches_well_formed(searches)
        controls = [json.loads(line) for line in stdout.getvalue().splitlines() if '"CONTROL"' in line]
        self.assertTrue(controls, "the rotated refresh token must be emitted as a CONNECTOR_CONFIG control message")
        persisted = controls[-1]["control"]["connectorConfig"]["config"]["credentials"]
        self.assertEqual((persisted["access_token"], persisted["refresh_token"]), (new_access, new_refresh))
        self.assertEqual(self.final_state(output), {"shops": {SHOP_A: {"update_time": NOW_3D}}})
