"""Mock-server tests of `sku_performance`: GET /analytics/202509/shop_skus/performance, one day at a
time, 100 SKUs a page, by GMV."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import ANALYTICS_START, NOW, A, TikTokShopMockServerTest
from .behaviours import DailyListBehaviour
from .config import ConfigBuilder
from .response_builder import page, record


@freeze_time(NOW)
class SkuPerformanceTest(DailyListBehaviour, TikTokShopMockServerTest):
    STREAM = "sku_performance"

    @HttpMocker()
    def test_every_day_up_to_latest_available_date_is_asked_for_and_product_ids_become_strings(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # 19-digit integer ids do not survive a JSON double: the connector turns them into strings.
        sku = record(self.STREAM, 1729592969712207012, product_id=1729592969712207008)
        calls = [
            self.mock(
                http_mocker,
                self.day_request("2024-01-01", "2024-01-02"),
                page(self.STREAM, sku).with_data_field("latest_available_date", "2024-01-02").build(),
            ),
            self.mock(http_mocker, self.day_request("2024-01-02", "2024-01-03"), self.day_page(41, latest="2024-01-02").build()),
        ]

        output = self.read(ConfigBuilder().with_start_date(ANALYTICS_START).build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual(
            self.rows(output, "id", "product_id", "date"),
            [("1729592969712207012", "1729592969712207008", "2024-01-01"), ("41", "1729592969712207008", "2024-01-02")],
        )
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-02"))
