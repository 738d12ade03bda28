"""Mock-server tests of `orders`: POST /order/202309/orders/search by update_time window, each page's orders
completed by GET /order/202507/orders (up to 50 ids a call, the detail's fields merged over the search record);
per-shop state, mid-window resume, a refused page token, and the token refresh."""

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
# The fields only GET /order/202507/orders answers (never the search).
DETAIL_ONLY = ("payment_method_code", "payment_card_type", "payment_auth_code", "channel_entity_national_registry_id")


def search(cipher: str, start: int, end: int, page_token: str = None) -> RequestBuilder:
    return RequestBuilder.search(STREAM, cipher, start, end, page_token)


def orders(*ids: str, update_time: int = START + 60):
    return page(STREAM, *(record(STREAM, order_id, update_time) for order_id in ids))


def details(*ids: str, update_time: int = START + 60, **fields):
    """The detail call's answer for these orders (the template carries the four detail-only fields)."""
    return page("order_detail", *(record("order_detail", order_id, update_time, **fields) for order_id in ids))


def mock_details(test: TikTokShopMockServerTest, http_mocker: HttpMocker, cipher: str, *ids: str, **fields):
    """GET /order/202507/orders for exactly these ids (one call), answering all of them."""
    return test.mock(http_mocker, RequestBuilder.order_detail(cipher, ids), details(*ids, **fields).build())


@freeze_time(NOW)
class OrdersTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = STREAM

    def mock_children(self, http_mocker: HttpMocker, ids, calls: int = 1, **fields) -> None:
        # One search page's orders: one detail call per 50 of them.
        for offset in range(0, len(ids), 50):
            batch = ids[offset : offset + 50]
            request = RequestBuilder.order_detail(CIPHER_A, batch)
            self.children[",".join(batch)] = self.mock(http_mocker, request, [details(*batch, **fields).build()] * calls)

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
            # One detail call per page (each page holds fewer than 50 orders).
            mock_details(self, http_mocker, CIPHER_A, "A-1", "A-2"),
            mock_details(self, http_mocker, CIPHER_A, "A-3"),
            mock_details(self, http_mocker, CIPHER_B, "B-1"),
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
        mock_details(self, http_mocker, CIPHER_A, "A-late", update_time=cursor_a + 60)
        mock_details(self, http_mocker, CIPHER_B, "B-early")

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
            mock_details(self, http_mocker, CIPHER_A, "A-page2"),
            mock_details(self, http_mocker, CIPHER_A, "A-next-window"),
            mock_details(self, http_mocker, CIPHER_B, "B-1"),
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
            mock_details(self, http_mocker, CIPHER_A, "W-1", "W-2"),
            mock_details(self, http_mocker, CIPHER_A, "W-3"),
            mock_details(self, http_mocker, CIPHER_A, "N-1"),
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
        # The detail call goes out with the refreshed token.
        detail = self.mock(
            http_mocker,
            RequestBuilder.order_detail(CIPHER_A, ["after-refresh"]).with_headers({"x-tts-access-token": new_access}),
            details("after-refresh").build(),
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
        for call in (expired, retried, refresh, detail):
            http_mocker.assert_number_of_calls(call, 1)
        controls = [json.loads(line) for line in stdout.getvalue().splitlines() if '"CONTROL"' in line]
        self.assertTrue(controls, "the rotated refresh token must be emitted as a CONNECTOR_CONFIG control message")
        persisted = controls[-1]["control"]["connectorConfig"]["config"]["credentials"]
        self.assertEqual((persisted["access_token"], persisted["refresh_token"]), (new_access, new_refresh))
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH))


@freeze_time(NOW)
class OrderDetailMergeTest(TikTokShopMockServerTest):
    """The four payment fields come only from GET /order/202507/orders: every order of a page is asked for
    there, 50 ids a call, and its record is the search's with the detail's fields over it."""

    @HttpMocker()
    def test_every_order_gets_the_detail_fields_merged_over_its_search_record_one_call_per_50(self, http_mocker: HttpMocker) -> None:
        first_page = [f"57600000000000{n:04d}" for n in range(100)]
        second_page = [f"57600000000001{n:04d}" for n in range(20)]
        self.mock_shops(http_mocker, A)
        # The search has its own fields (and an older status); the detail has the payment fields.
        searched = [record(STREAM, i, START + 60, status="AWAITING_SHIPMENT", fulfillment_priority_level=1) for i in first_page]
        self.mock(
            http_mocker,
            search(CIPHER_A, START, NOW_EPOCH),
            page(STREAM, *searched).with_next_page_token("tok2").with_total_count(120).build(),
        )
        searched = [record(STREAM, i, START + 60, status="AWAITING_SHIPMENT", fulfillment_priority_level=1) for i in second_page]
        self.mock(http_mocker, search(CIPHER_A, START, NOW_EPOCH, "tok2"), page(STREAM, *searched).with_total_count(120).build())
        calls = []
        for batch in (first_page[:50], first_page[50:], second_page):
            # The detail lists its orders in another order than asked: they are matched by id.
            answer = page("order_detail", *(record("order_detail", i, START + 60, status="COMPLETED") for i in reversed(batch)))
            calls.append(self.mock(http_mocker, RequestBuilder.order_detail(CIPHER_A, batch), answer.build()))

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        records = [r.record.data for r in output.records]
        self.assertEqual([r["id"] for r in records], first_page + second_page)
        for record_data in records:
            self.assertEqual(record_data["status"], "COMPLETED", "the detail's fields win")
            self.assertEqual(record_data["fulfillment_priority_level"], 1, "search-only fields are kept")
            self.assertEqual(record_data["buyer_email"], "v4bGVX@scs2.tiktok.com")
            self.assertEqual(
                [record_data[field] for field in DETAIL_ONLY], ["pm_pi_ccdc_visa_c_d", "Debit", "AUTH123457", "26.545.167/0001-21"]
            )
            self.assertEqual(record_data["shop_id"], SHOP_A)
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH))

    @HttpMocker()
    def test_an_order_the_detail_leaves_out_keeps_its_search_record_and_is_logged_once_per_batch(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, search(CIPHER_A, START, NOW_EPOCH), orders("O-1", "O-2", "O-3", "O-4").build())
        detail = self.mock(http_mocker, RequestBuilder.order_detail(CIPHER_A, ["O-1", "O-2", "O-3", "O-4"]), details("O-1", "O-3").build())

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        records = {r.record.data["id"]: r.record.data for r in output.records}
        self.assertEqual(list(records), ["O-1", "O-2", "O-3", "O-4"])
        for kept in ("O-2", "O-4"):
            self.assertFalse(set(DETAIL_ONLY) & set(records[kept]), kept)
            self.assertEqual(records[kept]["buyer_email"], "v4bGVX@scs2.tiktok.com")
        for merged in ("O-1", "O-3"):
            self.assertEqual(records[merged]["payment_auth_code"], "AUTH123457")
        warnings = [log.log.message for log in output.logs if "did not return" in log.log.message]
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn("2 of the 4 orders asked for: O-2, O-4", warnings[0])
        http_mocker.assert_number_of_calls(detail, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH))

    @HttpMocker()
    def test_no_checkpoint_claims_a_page_whose_detail_calls_are_not_all_emitted(self, http_mocker: HttpMocker) -> None:
        page_one = [f"57600000000000{n:04d}" for n in range(60)]
        page_two = [f"57600000000001{n:04d}" for n in range(60)]
        self.mock_shops(http_mocker, A)

        def search_page(ids, next_token):
            return page(STREAM, *(record(STREAM, i, START + 60) for i in ids)).with_next_page_token(next_token).with_total_count(121)

        self.mock(http_mocker, search(CIPHER_A, START, NOW_EPOCH), search_page(page_one, "tok2").build())
        self.mock(http_mocker, search(CIPHER_A, START, NOW_EPOCH, "tok2"), search_page(page_two, "tok3").build())
        for batch in (page_one[:50], page_one[50:], page_two[:50]):
            mock_details(self, http_mocker, CIPHER_A, *batch)
        # The last detail call of page 2 fails for good: the first try and max_retries (5) retries.
        failing = self.mock(
            http_mocker,
            RequestBuilder.order_detail(CIPHER_A, page_two[50:]),
            [error_response(36009003, "Internal error. Please try again.", status_code=500)] * 6,
        )

        # Sequential (concurrency 1): nothing is fetched ahead, so page 3 is never asked for.
        output = self.read(ConfigBuilder().with_concurrency(1).build(), STREAM, expecting_exception=True)

        self.assertTrue(output.errors, "the read fails once the detail call's retries are spent")
        self.assertEqual([r.record.data["id"] for r in output.records], page_one + page_two[:50])
        # A checkpoint falls after the 100th record, inside page 2: it may claim page 1, never page 2.
        checkpoints = [state["shops"][SHOP_A] for state in self.checkpoints(output)]
        self.assertTrue(checkpoints, "a checkpoint was taken during page 2")
        for shop_state in checkpoints:
            self.assertNotIn("update_time", shop_state)
            self.assertEqual(shop_state["resume"], {"start": START, "end": NOW_EPOCH, "page_token": "tok2"})
        http_mocker.assert_number_of_calls(failing, 6)
