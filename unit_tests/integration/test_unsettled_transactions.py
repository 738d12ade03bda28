"""Mock-server tests of `unsettled_transactions`: GET /finance/202507/orders/unsettled, a full snapshot
from 2025-01-01 (or start_date, if later) up to now, 100 a page."""

from __future__ import annotations

from typing import Optional

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, A, TikTokShopMockServerTest
from .behaviours import ShopListBehaviour
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, record

UNSETTLED_EARLIEST = 1735689600  # 2025-01-01T00:00:00Z: TikTok holds nothing older.
NOW_2025 = 1740787200  # 2025-03-01T00:00:00Z


@freeze_time("2025-03-01T00:00:00Z")
class UnsettledTransactionsTest(ShopListBehaviour, TikTokShopMockServerTest):
    STREAM = "unsettled_transactions"
    PAGINATED = True

    def first_page(self, page_token: Optional[str] = None, start: int = UNSETTLED_EARLIEST, **params: str) -> RequestBuilder:
        # Up to and including now (search_time_lt = now + 1), from the config's start_date (2024) raised to the floor.
        return RequestBuilder.search(self.STREAM, CIPHER_A, start, NOW_2025 + 1, page_token)

    @HttpMocker()
    def test_a_start_date_after_the_floor_is_where_the_snapshot_starts(self, http_mocker: HttpMocker) -> None:
        start = UNSETTLED_EARLIEST + 31 * 86400  # 2025-02-01
        self.mock_shops(http_mocker, A)
        call = self.mock(http_mocker, self.first_page(start=start), page(self.STREAM, record(self.STREAM, "U-1")).build())

        output = self.read(ConfigBuilder().with_start_date("2025-02-01T00:00:00Z").build(), self.STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("U-1",)])
        http_mocker.assert_number_of_calls(call, 1)
