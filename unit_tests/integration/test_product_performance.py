"""Mock-server tests of `product_performance`: GET /analytics/202509/shop_products/performance, one
day at a time, 100 products a page, by GMV."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import ANALYTICS_START, NOW, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import DailyListBehaviour
from .config import ConfigBuilder
from .response_builder import error_response


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

    @HttpMocker()
    def test_a_state_saved_before_the_202509_upgrade_resumes_its_day_in_progress(self, http_mocker: HttpMocker) -> None:
        """0.2.0 saved {"date": day, "resume": {"date", "page_token"}} per shop: the same shape is read now. The
        page token belongs to the 202405 list; if TikTok refuses it, the day is read again from its first page."""
        self.mock_shops(http_mocker, A)
        refused = self.mock(
            http_mocker,
            self.day_request("2024-01-03", "2024-01-04", "old-202405-token"),
            error_response(36009004, "Invalid page_token.", 400),
        )
        fresh = self.mock(http_mocker, self.day_request("2024-01-03", "2024-01-04"), self.day_page(31).build())
        saved = {"shops": {SHOP_A: {"date": "2024-01-02", "resume": {"date": "2024-01-03", "page_token": "old-202405-token"}}}}

        output = self.read(ConfigBuilder().build(), self.STREAM, state=saved)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "date"), [("31", "2024-01-03")])
        http_mocker.assert_number_of_calls(refused, 1)
        http_mocker.assert_number_of_calls(fresh, 1)
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-03"))
