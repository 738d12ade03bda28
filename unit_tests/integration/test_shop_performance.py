"""Mock-server tests of `shop_performance`: GET /analytics/202509/shop/performance, one row per day
(granularity 1D), asked for 30 days at a time, never past TikTok's `latest_available_date`; the day's
figures nested in `sales` and `traffic` as 202509 answers them."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import ANALYTICS_START, CIPHER_A, NOW, SHOP_A, A, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, record

STREAM = "shop_performance"


def chunk(start: str, end: str) -> RequestBuilder:
    return RequestBuilder.search(STREAM, CIPHER_A, start, end)


def intervals(latest: str, *days: str):
    return page(STREAM, *(record(STREAM, day, end_date=day) for day in days)).with_data_field("latest_available_date", latest).build()


@freeze_time(NOW)
class ShopPerformanceTest(TikTokShopMockServerTest):
    @HttpMocker()
    def test_one_answer_gives_a_row_per_day_with_shop_id_and_commits_the_latest_day(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        call = self.mock(http_mocker, chunk("2024-01-01", "2024-01-31"), intervals("2024-01-03", "2024-01-01", "2024-01-02", "2024-01-03"))

        output = self.read(ConfigBuilder().with_start_date(ANALYTICS_START).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            self.rows(output, "start_date", "shop_id", "latest_available_date"),
            [(day, SHOP_A, "2024-01-03") for day in ("2024-01-01", "2024-01-02", "2024-01-03")],
        )
        http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("start_date", "2024-01-03"))

    @freeze_time("2024-02-15T00:00:00Z")
    @HttpMocker()
    def test_a_range_longer_than_30_days_is_asked_for_in_consecutive_chunks(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        calls = [
            self.mock(http_mocker, chunk("2024-01-01", "2024-01-31"), intervals("2024-02-13", "2024-01-01", "2024-01-30")),
            self.mock(http_mocker, chunk("2024-01-31", "2024-03-01"), intervals("2024-02-13", "2024-01-31", "2024-02-13")),
        ]

        output = self.read(ConfigBuilder().with_start_date(ANALYTICS_START).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "start_date"), [("2024-01-01",), ("2024-01-30",), ("2024-01-31",), ("2024-02-13",)])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("start_date", "2024-02-13"))

    @HttpMocker()
    def test_state_day_is_the_last_day_read_and_the_next_chunk_starts_the_day_after(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        call = self.mock(http_mocker, chunk("2024-01-03", "2024-02-02"), intervals("2024-01-03", "2024-01-03"))

        output = self.read(ConfigBuilder().build(), STREAM, state=self.per_shop("start_date", "2024-01-02"))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "start_date"), [("2024-01-03",)])
        http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("start_date", "2024-01-03"))

    @HttpMocker()
    def test_days_after_latest_available_date_are_not_emitted(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, chunk("2024-01-01", "2024-01-31"), intervals("2024-01-02", "2024-01-01", "2024-01-02", "2024-01-03"))

        output = self.read(ConfigBuilder().with_start_date(ANALYTICS_START).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "start_date"), [("2024-01-01",), ("2024-01-02",)])
        self.assertEqual(self.final_state(output), self.per_shop("start_date", "2024-01-02"))

    @HttpMocker()
    def test_a_row_keeps_the_nested_sales_and_traffic_of_202509(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, chunk("2024-01-01", "2024-01-31"), intervals("2024-01-01", "2024-01-01"))

        output = self.read(ConfigBuilder().with_start_date(ANALYTICS_START).build(), STREAM)

        self.assert_clean(output)
        (row,) = [r.record.data for r in output.records]
        self.assertEqual(row["sales"]["gmv"]["overall"], {"amount": "13898.76", "currency": "GBP"})
        self.assertEqual([b["type"] for b in row["sales"]["gmv"]["breakdowns"]], ["LIVE", "VIDEO", "PRODUCT_CARD"])
        self.assertEqual((row["sales"]["orders_count"], row["traffic"]["avg_conversation_rate"]), (123, "0.08"))
        self.assertNotIn("gmv", row)  # the 202405 shape is gone

    @HttpMocker()
    def test_a_state_saved_before_the_202509_upgrade_is_read_as_it_is(self, http_mocker: HttpMocker) -> None:
        """0.2.0 saved {"shops": {id: {"start_date": day}}}: the cursor and its shape did not change, so an
        old state goes on from its day (the docs ask to refresh the table for the new shape of older rows)."""
        self.mock_shops(http_mocker, A)
        call = self.mock(http_mocker, chunk("2024-01-03", "2024-02-02"), intervals("2024-01-03", "2024-01-03"))
        saved_by_0_2_0 = {"shops": {SHOP_A: {"start_date": "2024-01-02"}, "7495274531001436799": {"start_date": "2023-12-30"}}}

        output = self.read(ConfigBuilder().build(), STREAM, state=saved_by_0_2_0)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "start_date"), [("2024-01-03",)])
        http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output)["shops"][SHOP_A], {"start_date": "2024-01-03"})

    @HttpMocker()
    def test_a_saved_day_after_today_is_set_to_yesterday_and_this_sync_reads_nothing(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)  # and no analytics call is mocked: none may be made

        output = self.read(ConfigBuilder().with_lookback_days(3).build(), STREAM, state=self.per_shop("start_date", "2100-01-01"))

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        self.assertEqual(self.final_state(output), self.per_shop("start_date", "2024-01-03"))
        self.assertTrue(any("after today" in log.log.message and "reads nothing" in log.log.message for log in output.logs))
