"""Mock-server tests of `statement_transactions`: the statements of each window
(GET /finance/202309/statements), then every page of
GET /finance/202501/statements/{statement_id}/statement_transactions, statement keys on every row."""

from __future__ import annotations

import pytest
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, NOW, NOW_EPOCH, SHOP_A, A, TikTokShopMockServerTest
from .config import DAY, START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, record

STREAM = "statement_transactions"
ST_1, ST_1_TIME = "7238804564097517339", START + DAY
ST_2, ST_2_TIME = "7238804564097517340", START + 2 * DAY


def statements_page(*statements):
    return page("statements", *(record("statements", statement_id, when) for statement_id, when in statements))


def transactions(statement_id: str, statement_time: int, *ids: str):
    # The 202501 page repeats its statement as top-level `id` / `create_time`.
    rows = (record(STREAM, transaction_id, order_id="576463220456522968") for transaction_id in ids)
    return page(STREAM, *rows).with_data_field("id", statement_id).with_data_field("create_time", statement_time)


@freeze_time(NOW)
class StatementTransactionsTest(TikTokShopMockServerTest):
    def mock_statements(self, http_mocker: HttpMocker, start: int = START, *statements):
        # In statement_time order, as the request asks (sort_field=statement_time, sort_order=ASC).
        listed = statements or ((ST_1, ST_1_TIME), (ST_2, ST_2_TIME))
        return self.mock(http_mocker, RequestBuilder.search("statements", CIPHER_A, start, NOW_EPOCH), statements_page(*listed).build())

    def mock_transactions(self, http_mocker: HttpMocker, statement_id: str, response, page_token: str = None):
        return self.mock(http_mocker, RequestBuilder.statement_transactions(CIPHER_A, statement_id, page_token), response)

    @HttpMocker()
    def test_each_transaction_carries_its_statement_id_and_time_and_every_page_is_read_once(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        listing = self.mock_statements(http_mocker)
        calls = [
            self.mock_transactions(
                http_mocker, ST_1, transactions(ST_1, ST_1_TIME, "T-1", "T-2").with_next_page_token("tx2").with_total_count(3).build()
            ),
            self.mock_transactions(http_mocker, ST_1, transactions(ST_1, ST_1_TIME, "T-3").with_total_count(3).build(), page_token="tx2"),
            self.mock_transactions(http_mocker, ST_2, transactions(ST_2, ST_2_TIME, "T-4").build()),
        ]

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            self.rows(output, "id", "statement_id", "statement_time", "shop_id"),
            [
                ("T-1", ST_1, ST_1_TIME, SHOP_A),
                ("T-2", ST_1, ST_1_TIME, SHOP_A),
                ("T-3", ST_1, ST_1_TIME, SHOP_A),
                ("T-4", ST_2, ST_2_TIME, SHOP_A),
            ],
        )
        # Statements are walked concurrently, so calls of different statements interleave; every page exactly once.
        for call in [listing, *calls]:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("statement_time", NOW_EPOCH))

    @HttpMocker()
    def test_every_row_carries_the_currency_its_statement_is_given_in(self, http_mocker: HttpMocker) -> None:
        # GET /finance/202501/statements/{statement_id}/statement_transactions names the currency once, as
        # `data.currency`, never on a transaction: without it an amount says nothing.
        self.mock_shops(http_mocker, A)
        self.mock_statements(http_mocker)
        gbp = transactions(ST_1, ST_1_TIME, "T-1").with_next_page_token("tx2").with_data_field("currency", "GBP")
        self.mock_transactions(http_mocker, ST_1, gbp.build())
        self.mock_transactions(http_mocker, ST_1, transactions(ST_1, ST_1_TIME, "T-2").with_data_field("currency", "GBP").build(), "tx2")
        self.mock_transactions(http_mocker, ST_2, transactions(ST_2, ST_2_TIME, "T-3").with_data_field("currency", "EUR").build())

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "currency"), [("T-1", "GBP"), ("T-2", "GBP"), ("T-3", "EUR")])

    @HttpMocker()
    def test_statements_are_emitted_whole_one_after_another_in_the_order_listed(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # The request asks for statement_time ASC; whatever order comes back, each statement's rows
        # come out together and in the order listed (a checkpoint names the statements done, not a position).
        self.mock_statements(http_mocker, START, (ST_2, ST_2_TIME), (ST_1, ST_1_TIME))
        self.mock_transactions(http_mocker, ST_1, transactions(ST_1, ST_1_TIME, "T-1", "T-2").with_next_page_token("tx2").build())
        self.mock_transactions(http_mocker, ST_1, transactions(ST_1, ST_1_TIME, "T-3").build(), page_token="tx2")
        self.mock_transactions(http_mocker, ST_2, transactions(ST_2, ST_2_TIME, "T-4").build())

        output = self.read(ConfigBuilder().with_concurrency(4).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "statement_id"), [("T-4", ST_2), ("T-1", ST_1), ("T-2", ST_1), ("T-3", ST_1)])

    @HttpMocker()
    def test_state_cursor_is_the_start_of_the_statements_window_sent(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        listing = self.mock_statements(http_mocker, ST_2_TIME, (ST_2, ST_2_TIME))
        call = self.mock_transactions(http_mocker, ST_2, transactions(ST_2, ST_2_TIME, "T-4").build())

        output = self.read(ConfigBuilder().build(), STREAM, state=self.per_shop("statement_time", ST_2_TIME))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "statement_id"), [("T-4", ST_2)])
        http_mocker.assert_number_of_calls(listing, 1)
        http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("statement_time", NOW_EPOCH))

    @HttpMocker()
    def test_a_statement_without_transactions_adds_no_row_and_the_next_one_is_still_read(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock_statements(http_mocker)
        empty = self.mock_transactions(http_mocker, ST_1, transactions(ST_1, ST_1_TIME).with_total_count(0).build())
        full = self.mock_transactions(http_mocker, ST_2, transactions(ST_2, ST_2_TIME, "T-4").build())

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "statement_id"), [("T-4", ST_2)])
        http_mocker.assert_number_of_calls(empty, 1)
        http_mocker.assert_number_of_calls(full, 1)
        self.assertEqual(self.final_state(output), self.per_shop("statement_time", NOW_EPOCH))

    @HttpMocker()
    def test_a_checkpoint_between_statements_names_the_statements_done_on_the_page_being_read(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock_statements(http_mocker, START, (ST_1, ST_1_TIME), (ST_2, ST_2_TIME))
        first = [f"A-{n:03}" for n in range(150)]
        second = [f"B-{n:03}" for n in range(60)]
        self.mock_transactions(http_mocker, ST_1, transactions(ST_1, ST_1_TIME, *first[:100]).with_next_page_token("a2").build())
        self.mock_transactions(http_mocker, ST_1, transactions(ST_1, ST_1_TIME, *first[100:]).build(), page_token="a2")
        self.mock_transactions(http_mocker, ST_2, transactions(ST_2, ST_2_TIME, *second).build())

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual([row[0] for row in self.rows(output, "id")], first + second)
        # Checkpoints come every 100 rows: inside ST_1 nothing is claimed beyond the window start; once
        # ST_1 is out, the checkpoint names it done on the statements page being read (the first: no token).
        shop_states = [checkpoint["shops"][SHOP_A] for checkpoint in self.checkpoints(output)]
        self.assertEqual(shop_states[0], {})
        self.assertEqual(shop_states[1], {"resume": {"start": START, "end": NOW_EPOCH, "page_token": None, "done": [ST_1]}})
        self.assertEqual(shop_states[-1], {"statement_time": NOW_EPOCH})

    @HttpMocker()
    def test_a_resumed_window_skips_the_statements_done_and_reads_the_rest_of_their_page(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # The interrupted run had emitted ST_1 of the statements page "p2"; only ST_2 is read (nothing is mocked for ST_1).
        listing = self.mock(
            http_mocker,
            RequestBuilder.search("statements", CIPHER_A, START, NOW_EPOCH, page_token="p2"),
            statements_page((ST_1, ST_1_TIME), (ST_2, ST_2_TIME)).build(),
        )
        rest = self.mock_transactions(http_mocker, ST_2, transactions(ST_2, ST_2_TIME, "T-9").build())
        resume = {"start": START, "end": NOW_EPOCH, "page_token": "p2", "done": [ST_1]}

        output = self.read(ConfigBuilder().build(), STREAM, state={"shops": {SHOP_A: {"statement_time": START, "resume": resume}}})

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "statement_id"), [("T-9", ST_2)])
        http_mocker.assert_number_of_calls(listing, 1)
        http_mocker.assert_number_of_calls(rest, 1)
        self.assertEqual(self.final_state(output), self.per_shop("statement_time", NOW_EPOCH))

    @HttpMocker()
    def test_a_window_checkpointed_by_an_earlier_version_is_read_again_from_its_start(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock_statements(http_mocker, START, (ST_1, ST_1_TIME), (ST_2, ST_2_TIME))
        # That version's token was a page of ST_2's transactions: it cannot be used, and nothing of the window is lost.
        self.mock_transactions(http_mocker, ST_1, transactions(ST_1, ST_1_TIME, "T-1").build())
        self.mock_transactions(http_mocker, ST_2, transactions(ST_2, ST_2_TIME, "T-4").build())
        resume = {"start": START, "end": NOW_EPOCH, "statement_id": ST_2, "page_token": "tx2"}

        output = self.read(ConfigBuilder().build(), STREAM, state={"shops": {SHOP_A: {"statement_time": START, "resume": resume}}})

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "statement_id"), [("T-1", ST_1), ("T-4", ST_2)])
        self.assertEqual(self.final_state(output), self.per_shop("statement_time", NOW_EPOCH))

    @pytest.mark.timeout(60)
    @freeze_time("2024-01-10T00:00:00Z")
    @HttpMocker()
    def test_many_multi_page_statements_at_once_do_not_starve_the_worker_pool(self, http_mocker: HttpMocker) -> None:
        # More multi-page statements than worker threads: every worker walks a statement, and a walk
        # must not wait on a page fetch queued behind the walks themselves (that would hang the sync).
        self.mock_shops(http_mocker, A)
        statements = [(str(7238804564097517400 + day), START + day * DAY) for day in range(1, 9)]
        self.mock(http_mocker, RequestBuilder.search("statements", CIPHER_A, START, START + 9 * DAY), statements_page(*statements).build())
        for sid, when in statements:
            self.mock_transactions(http_mocker, sid, transactions(sid, when, f"{sid}-1").with_next_page_token(f"{sid}-p2").build())
            self.mock_transactions(
                http_mocker, sid, transactions(sid, when, f"{sid}-2").with_next_page_token(f"{sid}-p3").build(), page_token=f"{sid}-p2"
            )
            self.mock_transactions(http_mocker, sid, transactions(sid, when, f"{sid}-3").build(), page_token=f"{sid}-p3")

        output = self.read(ConfigBuilder().with_concurrency(4).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual([row[0] for row in self.rows(output, "id")], [f"{sid}-{number}" for sid, _ in statements for number in (1, 2, 3)])
