"""Mock-server tests of `inventory`: the shop's products (POST /product/202309/products/search over the
whole history), then POST /product/202309/inventory/search for their ids, in search order, each id
once, at most 100 a call."""

from __future__ import annotations

from typing import List

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, NOW, NOW_EPOCH, SHOP_A, A, TikTokShopMockServerTest
from .config import START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, record

STREAM = "inventory"


def products_search(page_token: str = None) -> RequestBuilder:
    # A full refresh: the whole history up to and including now.
    return RequestBuilder.search("products", CIPHER_A, START, NOW_EPOCH + 1, page_token)


def products(ids: List[str]):
    return page("products", *(record("products", product_id, START + 60) for product_id in ids))


def stock(ids: List[str]):
    return page(STREAM, *(record(STREAM, product_id) for product_id in ids)).build()


@freeze_time(NOW)
class InventoryTest(TikTokShopMockServerTest):
    def read_inventory(self):
        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)
        self.assert_clean(output)
        return output

    @HttpMocker()
    def test_one_page_of_products_gives_one_inventory_call_with_their_ids(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        search = self.mock(http_mocker, products_search(), products(["P-1", "P-2"]).build())
        inventory = self.mock(http_mocker, RequestBuilder.inventory(CIPHER_A, ["P-1", "P-2"]), stock(["P-1", "P-2"]))

        output = self.read_inventory()

        self.assertEqual(self.rows(output, "product_id", "shop_id"), [("P-1", SHOP_A), ("P-2", SHOP_A)])
        http_mocker.assert_number_of_calls(search, 1)
        http_mocker.assert_number_of_calls(inventory, 1)

    @HttpMocker()
    def test_ids_of_every_search_page_are_asked_for_at_most_100_a_call(self, http_mocker: HttpMocker) -> None:
        first_ids = [f"P-{number:03d}" for number in range(100)]
        self.mock_shops(http_mocker, A)
        calls = [
            self.mock(http_mocker, products_search(), products(first_ids).with_next_page_token("page-2").with_total_count(101).build()),
            self.mock(http_mocker, products_search("page-2"), products(["P-100"]).with_total_count(101).build()),
            self.mock(http_mocker, RequestBuilder.inventory(CIPHER_A, first_ids), stock(first_ids)),
            self.mock(http_mocker, RequestBuilder.inventory(CIPHER_A, ["P-100"]), stock(["P-100"])),
        ]

        output = self.read_inventory()

        self.assertEqual([row[0] for row in self.rows(output, "product_id")], [*first_ids, "P-100"])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)

    @HttpMocker()
    def test_ids_are_sent_in_search_order_and_each_only_once(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # A product updated while the search runs can be listed twice.
        self.mock(http_mocker, products_search(), products(["P-9", "P-3", "P-9"]).build())
        inventory = self.mock(http_mocker, RequestBuilder.inventory(CIPHER_A, ["P-9", "P-3"]), stock(["P-9", "P-3"]))

        output = self.read_inventory()

        self.assertEqual(self.rows(output, "product_id"), [("P-9",), ("P-3",)])
        http_mocker.assert_number_of_calls(inventory, 1)

    @HttpMocker()
    def test_a_shop_without_products_makes_no_inventory_call(self, http_mocker: HttpMocker) -> None:
        # No inventory request is mocked: one would fail the read.
        self.mock_shops(http_mocker, A)
        search = self.mock(http_mocker, products_search(), products([]).with_total_count(0).build())

        output = self.read_inventory()

        self.assertEqual(output.records, [])
        http_mocker.assert_number_of_calls(search, 1)
