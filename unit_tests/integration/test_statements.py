"""Mock-server tests of the `statements` stream: GET filters in the query, finance floor, lookback."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, CIPHER_B, SHOP_A, SHOP_B, TikTokShopMockServerTest
from .config import DAY, START, ConfigBuilder
from .request_builder import STATEMENTS_PATH, RequestBuilder, sent_requests
from .response_builder import statement_record, statements_response

STREAM = "statements"
FINANCE_EARLIEST = 1688169600  # 2023-07-01T00:00:00Z
NOW_9D = START + 9 * DAY  # 2024-01-10T00:00:00Z


class StatementsTest(TikTokShopMockServerTest):
    def assert_statement_queries_well_formed(self, sent) -> None:
        for request in sent:
            self.assertIsNone(request.body)
            self.assertEqual(
                (request.query.get("sort_field"), request.query.get("sort_order"), request.query.get("page_size")),
                ("statement_time", "ASC", "100"),
                request.query,
            )

    @freeze_time("2024-01-10T00:00:00Z")
    @HttpMocker()
    def test_two_pages_from_the_finance_floor_with_window_bounds_in_the_query(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker)
        http_mocker.get(
            RequestBuilder.statements().build(),
            [
                statements_response().with_records([statement_record("S-1", START), statement_record("S-2", START + DAY)]).with_next_page_token("st2").build(),
                statements_response().with_record(statement_record("S-3", START + 2 * DAY)).build(),
            ],
        )

        # start_date before 2023-07-01: TikTok's finance data starts there, so the read does too.
        output = self.read(ConfigBuilder().with_start_date("2023-01-01T00:00:00Z").build(), STREAM)

        self.assert_clean(output)
        self.assertEqual([(r.record.data["id"], r.record.data["shop_id"]) for r in output.records], [("S-1", SHOP_A), ("S-2", SHOP_A), ("S-3", SHOP_A)])
        sent = sent_requests(http_mocker, STATEMENTS_PATH)
        self.assertEqual(
            [(s.query.get("statement_time_ge"), s.query.get("statement_time_lt"), s.query.get("page_token"), s.query.get("shop_cipher")) for s in sent],
            [(str(FINANCE_EARLIEST), str(NOW_9D), None, CIPHER_A), (str(FINANCE_EARLIEST), str(NOW_9D), "st2", CIPHER_A)],
        )
        self.assert_statement_queries_well_formed(sent)
        self.assertEqual(self.final_state(output), {"shops": {SHOP_A: {"statement_time": NOW_9D}}})

    @freeze_time("2024-01-10T00:00:00Z")
    @HttpMocker()
    def test_lookback_rereads_recent_statements_of_the_shop_with_a_cursor(self, http_mocker: HttpMocker) -> None:
        cursor_a = START + 8 * DAY
        self.mock_shops(http_mocker, (SHOP_A, CIPHER_A), (SHOP_B, CIPHER_B))
        http_mocker.get(
            RequestBuilder.statements().build(),
            [
                statements_response().with_record(statement_record("A-settling", START + 6 * DAY)).build(),
                statements_response().with_record(statement_record("B-old", START + DAY)).build(),
            ],
        )

        # One mock answers A, then B: the shops are read one after the other.
        output = self.read(
            ConfigBuilder().with_lookback_days(3).with_concurrency(1).build(), STREAM, state={"shops": {SHOP_A: {"statement_time": cursor_a}}}
        )

        self.assert_clean(output)
        self.assertEqual([r.record.data["id"] for r in output.records], ["A-settling", "B-old"])
        sent = sent_requests(http_mocker, STATEMENTS_PATH)
        self.assertEqual(
            [(s.query["shop_cipher"], s.query["statement_time_ge"], s.query["statement_time_lt"]) for s in sent],
            [(CIPHER_A, str(cursor_a - 3 * DAY), str(NOW_9D)), (CIPHER_B, str(START), str(NOW_9D))],
        )
        self.assert_statement_queries_well_formed(sent)
        self.assertEqual(
            self.final_state(output),
            {"shops": {SHOP_A: {"statement_time": NOW_9D}, SHOP_B: {"statement_time": NOW_9D}}},
        )
