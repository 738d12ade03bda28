"""Mock-server tests of `affiliate_open_collaborations`: POST /affiliate_seller/202412/open_collaborations/search per
shop, 100 a page (page size and token in the query), no filter: every one narrows the list."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, SHOP_A, SHOP_B, A, B, TikTokShopMockServerTest
from .behaviours import ShopListBehaviour
from .response_builder import page, template


@freeze_time(NOW)
class AffiliateOpenCollaborationsTest(ShopListBehaviour, TikTokShopMockServerTest):
    STREAM = "affiliate_open_collaborations"
    PAGINATED = True

    @HttpMocker()
    def test_every_shop_is_read_and_the_collaboration_comes_whole(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A, B)
        a = self.mock(http_mocker, self.first_page(), page(self.STREAM, self.row("OPN-A")).build())
        b = self.mock(http_mocker, self.first_page(cipher=B[1]), page(self.STREAM, self.row("OPN-B")).build())

        output = self.read_whole(http_mocker, a, b)

        self.assertEqual(sorted(self.rows(output, "id", "shop_id")), [("OPN-A", SHOP_A), ("OPN-B", SHOP_B)])
        sent = template("affiliate_open_collaborations_search")["data"]["open_collaborations"][0]
        record = next(r.record.data for r in output.records if r.record.data["id"] == "OPN-A")
        self.assertEqual((record["product"], record["current_commission"]), (sent["product"], sent["current_commission"]))
