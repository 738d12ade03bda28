"""Mock-server tests of `live_product_performance`: GET /analytics/202512/shop/{live_id}/products_performance
for every session GET /analytics/202509/shop_lives/performance lists, day by day; it follows those days as
its own cursor."""

from __future__ import annotations

import json

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpResponse
from freezegun import freeze_time

from .base import CIPHER_A, NOW, SHOP_A, A, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, record, template

STREAM = "live_product_performance"
PARENT = "live_performance"
LATEST = "2024-01-03"
START_DATE = "2024-01-02T12:00:00Z"  # the first day asked for is 2024-01-02


def sessions(*ids: str, latest: str = LATEST, next_token: str = ""):
    builder = page(PARENT, *(record(PARENT, live_id) for live_id in ids)).with_data_field("latest_available_date", latest)
    return builder.with_next_page_token(next_token).build() if next_token else builder.build()


def products(*ids: str) -> HttpResponse:
    body = template("live_product_performance")
    item = body["data"]["products"][0]
    body["data"]["products"] = [{**item, "id": product_id} for product_id in ids]
    return HttpResponse(json.dumps(body), 200)


@freeze_time(NOW)
class LiveProductPerformanceTest(TikTokShopMockServerTest):
    def day(self, day: str, next_day: str, token=None) -> RequestBuilder:
        return RequestBuilder.search(PARENT, CIPHER_A, day, next_day, token)

    @HttpMocker()
    def test_every_session_of_every_day_is_asked_for_its_products_which_carry_the_session_and_day(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.day("2024-01-02", "2024-01-03"), sessions("7383442044232436620", "7383442044232436621"))
        self.mock(http_mocker, self.day("2024-01-03", "2024-01-04"), sessions("7383442044232436622"))
        calls = [
            self.mock(http_mocker, RequestBuilder.live_products(CIPHER_A, "7383442044232436620"), products("11", "12")),
            self.mock(http_mocker, RequestBuilder.live_products(CIPHER_A, "7383442044232436621"), products()),
            self.mock(http_mocker, RequestBuilder.live_products(CIPHER_A, "7383442044232436622"), products("13")),
        ]

        output = self.read(ConfigBuilder().with_start_date(START_DATE).build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            self.rows(output, "live_id", "id", "date", "shop_id"),
            [
                ("7383442044232436620", "11", "2024-01-02", SHOP_A),
                ("7383442044232436620", "12", "2024-01-02", SHOP_A),
                ("7383442044232436622", "13", "2024-01-03", SHOP_A),
            ],
        )
        row = output.records[0].record.data
        self.assertEqual(row["sales"]["direct_gmv"], {"amount": "30.50", "currency": "GBP"})
        self.assertEqual(row["traffic"]["produt_clicks"], 23)  # the spec's spelling
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-03"))

    @HttpMocker()
    def test_the_state_day_is_the_parent_day_read_last_and_a_next_sync_starts_the_day_after(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        day = self.mock(http_mocker, self.day("2024-01-03", "2024-01-04"), sessions("7383442044232436622"))
        self.mock(http_mocker, RequestBuilder.live_products(CIPHER_A, "7383442044232436622"), products("13"))

        output = self.read(ConfigBuilder().build(), STREAM, state=self.per_shop("date", "2024-01-02"))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "date"), [("13", "2024-01-03")])
        http_mocker.assert_number_of_calls(day, 1)

    @HttpMocker()
    def test_a_next_page_of_sessions_is_walked(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.day("2024-01-03", "2024-01-04"), sessions("7383442044232436622", next_token="page-2"))
        self.mock(http_mocker, self.day("2024-01-03", "2024-01-04", "page-2"), sessions("7383442044232436623"))
        self.mock(http_mocker, RequestBuilder.live_products(CIPHER_A, "7383442044232436622"), products("13"))
        self.mock(http_mocker, RequestBuilder.live_products(CIPHER_A, "7383442044232436623"), products("14"))

        output = self.read(ConfigBuilder().build(), STREAM, state=self.per_shop("date", "2024-01-02"))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "live_id", "id"), [("7383442044232436622", "13"), ("7383442044232436623", "14")])
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-03"))

    @HttpMocker()
    def test_a_saved_page_in_progress_resumes_at_that_page(self, http_mocker: HttpMocker) -> None:
        """What a killed sync saved: the day and the token of its next page of sessions."""
        self.mock_shops(http_mocker, A)
        second = self.mock(http_mocker, self.day("2024-01-03", "2024-01-04", "page-2"), sessions("7383442044232436623"))
        self.mock(http_mocker, RequestBuilder.live_products(CIPHER_A, "7383442044232436623"), products("14"))
        state = {"shops": {SHOP_A: {"date": "2024-01-02", "resume": {"date": "2024-01-03", "page_token": "page-2"}}}}

        output = self.read(ConfigBuilder().build(), STREAM, state=state)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "live_id", "id"), [("7383442044232436623", "14")])
        http_mocker.assert_number_of_calls(second, 1)
        self.assertEqual(self.final_state(output), self.per_shop("date", "2024-01-03"))

    @HttpMocker()
    def test_a_full_refresh_reads_every_day_and_keeps_no_state(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.day("2024-01-02", "2024-01-03"), sessions())
        self.mock(http_mocker, self.day("2024-01-03", "2024-01-04"), sessions("7383442044232436622"))
        self.mock(http_mocker, RequestBuilder.live_products(CIPHER_A, "7383442044232436622"), products("13"))

        output = self.read(ConfigBuilder().with_start_date(START_DATE).build(), STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("13",)])
