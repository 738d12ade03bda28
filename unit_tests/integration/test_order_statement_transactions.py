"""Mock-server tests of `order_statement_transactions`: the orders of each update_time window
(POST /order/202309/orders/search), then GET /finance/202501/orders/{order_id}/statement_transactions
for every order found."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, NOW, NOW_EPOCH, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import detail_response, page, record

STREAM = "order_statement_transactions"


@freeze_time(NOW)
class OrderStatementTransactionsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = STREAM
    SEARCH = "orders"
    KEY = "order_id"
    CURSOR = "order_update_time"

    def child_call(self, record_id: str, **settlement):
        answer = detail_response(STREAM, **{"order_id": record_id, **settlement})
        return RequestBuilder.order_statement_transactions(CIPHER_A, record_id), answer

    @HttpMocker()
    def test_each_settlement_carries_its_orders_id_and_update_time_one_call_per_order(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(
            http_mocker,
            self.search(START, NOW_EPOCH),
            page("orders", record("orders", "O-1", START + 60), record("orders", "O-2", START + 120)).build(),
        )
        self.mock_children(http_mocker, ["O-1", "O-2"])

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            self.rows(output, "order_id", "order_update_time", "shop_id"), [("O-1", START + 60, SHOP_A), ("O-2", START + 120, SHOP_A)]
        )
        for settlement in self.children.values():
            http_mocker.assert_number_of_calls(settlement, 1)

    @HttpMocker()
    def test_an_order_not_settled_yet_is_still_one_record_keyed_by_the_order(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.search(START, NOW_EPOCH), page("orders", record("orders", "O-open", START + 60)).build())
        # Nothing settled yet: no SKU rows, and no order id in the answer.
        self.mock_children(http_mocker, ["O-open"], order_id="", sku_transactions=[], total_count=0)

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "order_id", "sku_transactions", "order_update_time"), [("O-open", [], START + 60)])
        http_mocker.assert_number_of_calls(self.children["O-open"], 1)

    @HttpMocker()
    def test_orders_never_paid_are_not_asked_for_and_paid_cancelled_or_cash_on_delivery_ones_are(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        orders = [
            record("orders", "O-unpaid", START + 10, status="UNPAID"),
            record("orders", "O-cancelled-unpaid", START + 20, status="CANCELLED"),
            record("orders", "O-cancelled-paid", START + 30, status="CANCELLED", paid_time=START + 5),
            record("orders", "O-cod", START + 40, status="CANCELLED", is_cod=True),
            record("orders", "O-shipping", START + 50, status="AWAITING_SHIPMENT", paid_time=START + 6),
        ]
        self.mock(http_mocker, self.search(START, NOW_EPOCH), page("orders", *orders).build())
        # Only these are mocked: a settlement call for either order never paid would match nothing and fail the read.
        asked = ["O-cancelled-paid", "O-cod", "O-shipping"]
        self.mock_children(http_mocker, asked)

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual([row[0] for row in self.rows(output, "order_id")], asked)
        for order_id in asked:
            http_mocker.assert_number_of_calls(self.children[order_id], 1)
        # The window is read whole: the cursor passes the orders never paid too.
        self.assertEqual(self.final_state(output), self.per_shop(self.CURSOR, NOW_EPOCH))
