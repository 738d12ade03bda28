"""Mock-server tests of `video_performance`: GET /analytics/202509/shop_videos/performance, one day at a
time, 100 videos a page, by GMV, every account type (no `account_type` sent: ALL)."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import DailyListBehaviour
from .config import ConfigBuilder
from .response_builder import page, record


@freeze_time(NOW)
class VideoPerformanceTest(DailyListBehaviour, TikTokShopMockServerTest):
    STREAM = "video_performance"

    @HttpMocker()
    def test_a_video_keeps_its_products_hash_tags_and_money_as_the_spec_gives_them(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        video = record(self.STREAM, "7345920361234567890", gmv={"amount": "250.00", "currency": "GBP"}, views=20000)
        self.mock(
            http_mocker,
            self.day_request("2024-01-03", "2024-01-04"),
            page(self.STREAM, video).with_data_field("latest_available_date", self.LATEST).build(),
        )

        output = self.read(ConfigBuilder().with_start_date(self.START_DATE).build(), self.STREAM)

        self.assert_clean(output)
        (row,) = [r.record.data for r in output.records]
        self.assertEqual((row["id"], row["date"], row["shop_id"]), ("7345920361234567890", "2024-01-03", SHOP_A))
        self.assertEqual(row["gmv"], {"amount": "250.00", "currency": "GBP"})
        self.assertEqual(row["views"], 20000)
        self.assertEqual(row["products"], [{"id": "1729592969712207008", "name": "Bamboo Cutting Board"}])
        self.assertEqual(row["hash_tags"], ["tiktokshop"])
