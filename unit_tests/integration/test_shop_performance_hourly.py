"""Mock-server tests of `shop_performance_hourly`: GET /analytics/202510/shop/performance/{date}/performance_per_hour,
one call per day of the last 30 that TikTok keeps; a day is read once `latest_available_timestamp` is past its
end in every timezone (12:00 UTC the next day), and the first day that is not ends the read."""

from __future__ import annotations

import json
from datetime import date, timedelta

from airbyte_cdk.test.mock_http import HttpMocker, HttpResponse
from freezegun import freeze_time

from .base import ANALYTICS_START, CIPHER_A, NOW, NOW_EPOCH, SHOP_A, A, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import template

STREAM = "shop_performance_hourly"


def hours(*indexes: int, ready=NOW_EPOCH) -> HttpResponse:
    body = template(STREAM)
    performance = body["data"]["performance"]
    item = performance["intervals"][0]
    performance["intervals"] = [{**item, "index": index} for index in indexes]
    if ready is None:
        performance.pop("latest_available_timestamp")
    else:
        performance["latest_available_timestamp"] = ready
    return HttpResponse(json.dumps(body), 200)


@freeze_time(NOW)  # 2024-01-04T00:00:00Z
class ShopPerformanceHourlyTest(TikTokShopMockServerTest):
    def day(self, day: str):
        return RequestBuilder.hourly(CIPHER_A, day)

    @HttpMocker()
    def test_days_ended_everywhere_are_read_and_the_first_that_is_not_ends_the_read(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        calls = [
            self.mock(http_mocker, self.day("2024-01-01"), hours(*range(24))),
            self.mock(http_mocker, self.day("2024-01-02"), hours(*range(24))),
            # TikTok's data is ready up to now: 2024-01-03 has not ended at UTC-12 yet, so it is not read.
            self.mock(http_mocker, self.day("2024-01-03"), hours(*range(12))),
        ]

        output = self.read(ConfigBuilder().with_start_date(ANALYTICS_START).build(), STREAM)

        self.assert_clean(output)
        rows = self.rows(output, "date", "index", "shop_id")
        self.assertEqual(rows, [(day, h, SHOP_A) for day in ("2024-01-01", "2024-01-02") for h in range(24)])
        self.assertEqual(output.records[0].record.data["gmv"], {"amount": "80.00", "currency": "GBP"})
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-02"))

    @HttpMocker()
    def test_a_day_tiktok_has_not_finished_is_not_read_even_with_all_its_hours(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # Ready up to 2024-01-03T11:00Z: 2024-01-02 has not ended at UTC-12 yet. One call at a time, so the read
        # stops there and 2024-01-03 is not asked for (side by side it may be asked for, and dropped).
        self.mock(http_mocker, self.day("2024-01-02"), hours(*range(24), ready=NOW_EPOCH - 13 * 3600))

        output = self.read(ConfigBuilder().with_concurrency(1).build(), STREAM, state=self.per_shop("date", "2024-01-01"))

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-01"))

    @HttpMocker()
    def test_a_start_date_older_than_30_days_reads_the_days_tiktok_keeps_without_error(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # The oldest day every timezone still has: 29 days before the UTC+14 today (2024-01-04).
        oldest = date(2023, 12, 6)
        days = [oldest + timedelta(days=n) for n in range(29)]  # ... 2024-01-03, the UTC-12 today
        calls = [self.mock(http_mocker, self.day(d.isoformat()), hours(0, 1)) for d in days]

        config = ConfigBuilder().with_start_date("2023-01-01T00:00:00Z").build()
        config["requests_per_second"] = 1000  # 29 calls: not paced at the default 5 a second
        output = self.read(config, STREAM)

        self.assert_clean(output)
        self.assertEqual({row[0] for row in self.rows(output, "date")}, {d.isoformat() for d in days[:-1]})
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertTrue(any("last 30 days" in log.log.message and "2023-12-06" in log.log.message for log in output.logs))
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-02"))

    @HttpMocker()
    def test_without_latest_available_timestamp_the_day_is_read_once_it_ended_everywhere_by_the_clock(
        self, http_mocker: HttpMocker
    ) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.day("2024-01-02"), hours(5, ready=None))
        self.mock(http_mocker, self.day("2024-01-03"), hours(5, ready=None))

        output = self.read(ConfigBuilder().build(), STREAM, state=self.per_shop("date", "2024-01-01"))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "date", "index"), [("2024-01-02", 5)])
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-02"))
