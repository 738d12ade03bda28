"""Mock-server tests of `statement_transactions`: one 202501 walk per statement, statement keys on every row."""

from __future__ import annotations

import pytest
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, SHOP_A, TikTokShopMockServerTest
from .config import DAY, START, ConfigBuilder
from .request_builder import STATEMENTS_PATH, RequestBuilder, sent_requests
from .response_builder import statement_record, statement_transactions_response, statements_response, transaction_record

STREAM = "statement_transactions"
NOW_3D = START + 3 * DAY  # 2024-01-04T00:00:00Z
ST_1, ST_1_TIME = "7238804564097517339", START + DAY
ST_2, ST_2_TIME = "7238804564097517340", START + 2 * DAY


def transactions_path(statement_id: str, version: str = "202501") -> str:
    return f"/finance/{version}/statements/{statement_id}/statement_transactions"


def transaction_calls(http_mocker: HttpMocker):
    return [s for s in sent_requests(http_mocker, method="GET") if s.path.endswith("/statement_transactions")]


class StatementTransactionsTest(TikTokShopMockServerTest):
    def mock_statements(self, http_mocker: HttpMocker) -> None:
        # Listed newest first: the stream walks statements in statement_time order regardless.
        http_mocker.get(
            RequestBuilder.statements().build(),
            statements_response().with_records([statement_record(ST_2, ST_2_TIME), statement_record(ST_1, ST_1_TIME)]).build(),
        )

    def assert_transaction_queries_well_formed(self, calls) -> None:
        for call in calls:
            self.assertTrue(call.path.startswith("/finance/202501/"), call.path)
            self.assertEqual(
                (call.query.get("sort_field"), call.query.get("sort_order"), call.query.get("page_size"), call.query.get("shop_cipher")),
                ("order_create_time", "ASC", "100", CIPHER_A),
                call.query,
            )

    @freeze_time("2024-01-04T00:00:00Z")
    @HttpMocker()
    def test_each_transaction_carries_its_statement_id_and_time(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker)
        self.mock_statements(http_mocker)
        http_mocker.get(
            RequestBuilder.statement_transactions(ST_1).build(),
            [
                statement_transactions_response(ST_1, ST_1_TIME).with_records([transaction_record("T-1"), transaction_record("T-2")]).with_next_page_token("tx2").with_total_count(3).build(),
                statement_transactions_response(ST_1, ST_1_TIME).with_record(transaction_record("T-3")).with_total_count(3).build(),
            ],
        )
        http_mocker.get(
            RequestBuilder.statement_transactions(ST_2).build(),
            statement_transactions_response(ST_2, ST_2_TIME).with_record(transaction_record("T-4")).build(),
        )

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            [(r.record.data["id"], r.record.data["statement_id"], r.record.data["statement_time"], r.record.data["shop_id"]) for r in output.records],
            [
                ("T-1", ST_1, ST_1_TIME, SHOP_A),
                ("T-2", ST_1, ST_1_TIME, SHOP_A),
                ("T-3", ST_1, ST_1_TIME, SHOP_A),
                ("T-4", ST_2, ST_2_TIME, SHOP_A),
            ],
        )
        calls = transaction_calls(http_mocker)
        # Statements are walked concurrently, so calls of different statements interleave; each
        # statement's own pages still go in order, and every page exactly once.
        self.assertEqual(
            sorted((c.path, c.query.get("page_token") or "") for c in calls),
            sorted([(transactions_path(ST_1), ""), (transactions_path(ST_1), "tx2"), (transactions_path(ST_2), "")]),
        )
        st1 = [c.query.get("page_token") for c in calls if c.path == transactions_path(ST_1)]
        self.assertEqual(st1, [None, "tx2"])
        self.assert_transaction_queries_well_formed(calls)
        (statements_call,) = sent_requests(http_mocker, STATEMENTS_PATH)
        self.assertEqual(
            (statements_call.query["statement_time_ge"], statements_call.query["statement_time_lt"], statements_call.query["sort_field"]),
            (str(START), str(NOW_3D), "statement_time"),
        )
        self.assertEqual(self.final_state(output), {"shops": {SHOP_A: {"statement_time": NOW_3D}}})

    @freeze_time("2024-01-04T00:00:00Z")
    @HttpMocker()
    def test_mid_statement_checkpoint_skips_finished_statements_and_resumes_the_page(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker)
        self.mock_statements(http_mocker)
        # ST_1 was finished by the interrupted run; ST_2 resumes at its second page. No call for ST_1.
        http_mocker.get(
            RequestBuilder.statement_transactions(ST_2).build(),
            statement_transactions_response(ST_2, ST_2_TIME).with_record(transaction_record("T-9")).build(),
        )
        state = {"shops": {SHOP_A: {"statement_time": START, "resume": {"start": START, "end": NOW_3D, "statement_id": ST_2, "page_token": "tx2"}}}}

        output = self.read(ConfigBuilder().build(), STREAM, state=state)

        self.assert_clean(output)
        self.assertEqual([(r.record.data["id"], r.record.data["statement_id"]) for r in output.records], [("T-9", ST_2)])
        calls = transaction_calls(http_mocker)
        self.assertEqual([(c.path, c.query.get("page_token")) for c in calls], [(transactions_path(ST_2), "tx2")])
        self.assert_transaction_queries_well_formed(calls)
        self.assertEqual(self.final_state(output), {"shops": {SHOP_A: {"statement_time": NOW_3D}}})

    @pytest.mark.timeout(60)
    @freeze_time("2024-01-10T00:00:00Z")
    @HttpMocker()
    def test_many_multi_page_statements_at_once_do_not_starve_the_worker_pool(self, http_mocker: HttpMocker) -> None:
        # More multi-page statements than worker threads: every worker walks a statement, and a walk
        # must not wait on a page fetch queued behind the walks themselves (that would hang the sync).
        self.mock_shops(http_mocker)
        statements = [(str(7238804564097517400 + day), START + day * DAY) for day in range(1, 9)]
        http_mocker.get(
            RequestBuilder.statements().build(),
            statements_response().with_records([statement_record(sid, when) for sid, when in statements]).build(),
        )
        for sid, when in statements:
            http_mocker.get(
                RequestBuilder.statement_transactions(sid).build(),
                [
                    statement_transactions_response(sid, when).with_record(transaction_record(f"{sid}-1")).with_next_page_token(f"{sid}-p2").build(),
                    statement_transactions_response(sid, when).with_record(transaction_record(f"{sid}-2")).with_next_page_token(f"{sid}-p3").build(),
                    statement_transactions_response(sid, when).with_record(transaction_record(f"{sid}-3")).build(),
                ],
            )

        output = self.read(ConfigBuilder().with_concurrency(4).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            [r.record.data["id"] for r in output.records],
            [f"{sid}-{page}" for sid, _ in statements for page in (1, 2, 3)],
        )
