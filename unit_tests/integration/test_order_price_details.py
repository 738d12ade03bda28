"""Mock-server tests of `order_price_details`: the orders of each update_time window
(POST /order/202309/orders/search), then GET /order/202407/orders/{order_id}/price_detail for every order
found; never the order detail call (GET /order/202507/orders), which only `orders` needs."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, NOW, NOW_EPOCH, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import detail_response, page, record

STREAM = "order_price_details"


@freeze_time(NOW)
class OrderPriceDetailsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = STREAM
    SEARCH = "orders"
    KEY = "order_id"
    CURSOR = "order_update_time"

    def child_call(self, record_id: str, **fields):
        return RequestBuilder.order_price_details(CIPHER_A, record_id), detail_response(STREAM, **fields)

    @HttpMocker()
    def test_each_price_detail_carries_its_orders_id_and_update_time_one_call_per_order(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # Only the search and the price details are mocked: an order detail call would fail the read.
        search = self.mock(
            http_mocker,
            self.search(START, NOW_EPOCH),
            page("orders", record("orders", "O-1", START + 60), record("orders", "O-2", START + 120)).build(),
        )
        self.mock_children(http_mocker, ["O-1"], payment="10.00")
        self.mock_children(http_mocker, ["O-2"], payment="20.00")

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            self.rows(output, "order_id", "order_update_time", "shop_id", "payment", "currency"),
            [("O-1", START + 60, SHOP_A, "10.00", "USD"), ("O-2", START + 120, SHOP_A, "20.00", "USD")],
        )
        self.assertEqual(output.records[0].record.data["line_items"][0]["id"], "576461413032342720")
        http_mocker.assert_number_of_calls(search, 1)
        for price_detail in self.children.values():
            http_mocker.assert_number_of_calls(price_detail, 1)
        self.assertEqual(self.final_state(output), self.per_shop("order_update_time", NOW_EPOCH))
