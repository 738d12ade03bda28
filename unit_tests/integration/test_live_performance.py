"""Mock-server tests of `live_performance`: GET /analytics/202509/shop_lives/performance, one day at a
time, 100 sessions a page, by GMV: one row per LIVE session and the day it was listed for."""

from __future__ import annotations

import json

from airbyte_cdk.test.mock_http import HttpMocker, HttpResponse
from freezegun import freeze_time

from .base import NOW, A, TikTokShopMockServerTest
from .behaviours import DailyListBehaviour
from .config import ConfigBuilder
from .response_builder import page, record


@freeze_time(NOW)
class LivePerformanceTest(DailyListBehaviour, TikTokShopMockServerTest):
    STREAM = "live_performance"

    @HttpMocker()
    def test_sessions_keep_their_nested_figures_and_string_times(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        official = record(self.STREAM, "7383442044232436620")
        affiliate = record(self.STREAM, "7383442044232436621", username="mia.makes")
        answer = json.loads(page(self.STREAM, official, affiliate).with_data_field("latest_available_date", self.LATEST).build().body)
        # "This object will return only when the account type is OFFICIAL_ACCOUNTS, MARKETING_ACCOUNTS".
        answer["data"]["live_stream_sessions"][1].pop("interaction_performance")
        self.mock(http_mocker, self.day_request("2024-01-03", "2024-01-04"), HttpResponse(json.dumps(answer), 200))

        output = self.read(ConfigBuilder().with_start_date(self.START_DATE).build(), self.STREAM)

        self.assert_clean(output)
        rows = [r.record.data for r in output.records]
        self.assertEqual(
            [(r["id"], r["date"]) for r in rows], [("7383442044232436620", "2024-01-03"), ("7383442044232436621", "2024-01-03")]
        )
        self.assertEqual(rows[0]["start_time"], "1704132000")
        self.assertEqual(rows[0]["sales_performance"]["24h_live_gmv"], {"amount": "802.88", "currency": "GBP"})
        self.assertEqual(rows[0]["interaction_performance"]["viewers"], 39316)
        self.assertNotIn("interaction_performance", rows[1])
