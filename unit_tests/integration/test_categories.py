"""Mock-server tests of `categories`: GET /product/202309/categories, unpaged, with the category tree
version of the shop's region (US v2, elsewhere v1)."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_B, NOW, SHOP_A, SHOP_B, A, B, TikTokShopMockServerTest
from .behaviours import ShopListBehaviour
from .response_builder import page, record


@freeze_time(NOW)
class CategoriesTest(ShopListBehaviour, TikTokShopMockServerTest):
    STREAM = "categories"
    PAGINATED = False
    PARAMS = {"category_version": "v1"}

    @HttpMocker()
    def test_a_us_shop_asks_for_the_v2_tree_and_the_same_category_id_is_one_record_per_shop(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A, B)
        gb = self.mock(http_mocker, self.first_page(), page(self.STREAM, record(self.STREAM, "600001")).build())
        us = self.mock(
            http_mocker, self.first_page(cipher=CIPHER_B, category_version="v2"), page(self.STREAM, record(self.STREAM, "600001")).build()
        )

        output = self.read_whole(http_mocker, gb, us)

        self.assertEqual(sorted(self.rows(output, "shop_id", "id")), [(SHOP_A, "600001"), (SHOP_B, "600001")])
