"""Mock-server tests of `product_performance`: GET /analytics/202405/shop_products/performance, one
day at a time, 100 products a page, by GMV."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import ANALYTICS_START, NOW, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import DailyListBehaviour
from .config import ConfigBuilder


@freeze_time(NOW)
class ProductPerformanceTest(DailyListBehaviour, TikTokShopMockServerTest):
    STREAM = "product_performance"

    @HttpMocker()
    def test_an_answer_without_latest_available_date_ends_the_read_without_committing_the_day(self, http_mocker: HttpMocker) -> None:
        # Nothing can be known to exist past that answer: no request for the following days is mocked.
        self.mock_shops(http_mocker, A)
        call = self.mock(http_mocker, self.day_request("2024-01-01", "2024-01-02"), self.day_page(31, latest=None).build())

        output = self.read(ConfigBuilder().with_start_date(ANALYTICS_START).build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "date"), [("31", "2024-01-01")])
        http_mocker.assert_number_of_calls(call, 1)
        self.assertNotIn("date", self.final_state(output)["shops"].get(SHOP_A, {}))
