"""Mock-server tests of `affiliate_sample_applications`: POST /affiliate_seller/202508/sample_applications/search per
shop, at most 50 a page (the spec's limit), no filter: `status` is one of several optional filters and none is sent."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, A, TikTokShopMockServerTest
from .behaviours import ShopListBehaviour
from .response_builder import page, template


@freeze_time(NOW)
class AffiliateSampleApplicationsTest(ShopListBehaviour, TikTokShopMockServerTest):
    STREAM = "affiliate_sample_applications"
    PAGINATED = True

    @HttpMocker()
    def test_an_application_carries_its_creator_and_sku(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        request = self.mock(http_mocker, self.first_page(), page(self.STREAM, self.row("SMP-1")).build())

        output = self.read_whole(http_mocker, request)

        (record,) = [r.record.data for r in output.records]
        sent = template("affiliate_sample_applications_search")["data"]["sample_applications"][0]
        self.assertEqual((record["creator"], record["product"], record["status"]), (sent["creator"], sent["product"], sent["status"]))
