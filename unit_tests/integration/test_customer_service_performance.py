"""Mock-server tests of `customer_service_performance`: GET /customer_service/202407/performance, one
support day at a time (`support_date_ge` = day, `support_date_lt` = the day after). The answer says nothing
of readiness: a day is read once it is over everywhere (12:00 UTC the next day) and 24 hours more, TikTok's
window for a first response."""

from __future__ import annotations

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, NOW, SHOP_A, A, B, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import detail_response, error_response

STREAM = "customer_service_performance"
PERFORMANCE = {
    "support_session_count": 32,
    "response_percentage": "96.88",
    "response_time_mins": "41.0",
    "satisfaction_percentage": "75.00",
}


def support_day(day: str, next_day: str) -> RequestBuilder:
    return RequestBuilder.search(STREAM, CIPHER_A, day, next_day)


@freeze_time(NOW)  # 2024-01-04T00:00:00Z: the last day read is 2024-01-01
class CustomerServicePerformanceTest(TikTokShopMockServerTest):
    @HttpMocker()
    def test_one_row_per_support_day_up_to_the_last_day_that_is_final(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        calls = [
            self.mock(http_mocker, support_day("2023-12-30", "2023-12-31"), detail_response(STREAM)),
            self.mock(http_mocker, support_day("2023-12-31", "2024-01-01"), detail_response(STREAM)),
            self.mock(http_mocker, support_day("2024-01-01", "2024-01-02"), detail_response(STREAM)),
        ]

        output = self.read(ConfigBuilder().with_start_date("2023-12-30T12:00:00Z").build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            [(r.record.data["date"], r.record.data["shop_id"], r.record.data["performance"]) for r in output.records],
            [(day, SHOP_A, PERFORMANCE) for day in ("2023-12-30", "2023-12-31", "2024-01-01")],
        )
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-01"))

    @HttpMocker()
    def test_reading_resumes_the_day_after_the_state_and_asks_nothing_when_no_day_is_final_since(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        call = self.mock(http_mocker, support_day("2024-01-01", "2024-01-02"), detail_response(STREAM))

        output = self.read(ConfigBuilder().build(), STREAM, state=self.per_shop("date", "2023-12-31"))
        again = self.read(ConfigBuilder().build(), STREAM, state=self.per_shop("date", "2024-01-01"))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "date"), [("2024-01-01",)])
        http_mocker.assert_number_of_calls(call, 1)  # and none from the second read
        self.assertEqual(again.records, [])
        self.assertEqual(self.final_state(again), self.per_shop("date", "2024-01-01"))

    @HttpMocker()
    def test_without_the_customer_service_scope_the_table_is_skipped_with_one_warning(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A, B)
        denied = error_response(105005, "Access denied.", 403)
        first = self.mock(http_mocker, support_day("2024-01-01", "2024-01-02"), denied)  # the other shop is not asked

        output = self.read(
            ConfigBuilder().with_start_date("2024-01-01T12:00:00Z").with_concurrency(1).build(), STREAM, SyncMode.full_refresh
        )

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        warnings = [log.log.message for log in output.logs if "skipped" in log.log.message]
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn("'Customer Service'", warnings[0])
        http_mocker.assert_number_of_calls(first, 1)

    @HttpMocker()
    def test_a_saved_day_after_today_is_set_to_yesterday_and_this_sync_reads_nothing(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)

        output = self.read(ConfigBuilder().with_lookback_days(3).build(), STREAM, state=self.per_shop("date", "2100-01-01"))

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-03"))
