"""Mock-server tests of `packages`: POST /fulfillment/202309/packages/search, by update_time window, 50 a page."""

from __future__ import annotations

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, NOW_EPOCH, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import DAY, START, ConfigBuilder
from .response_builder import page


@freeze_time(NOW)
class PackagesTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = "packages"

    @HttpMocker()
    def test_a_full_refresh_reads_from_start_date_up_to_now_whatever_the_state(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # Up to and including now: a full refresh keeps no safety margin.
        search = self.mock(http_mocker, self.search(START, NOW_EPOCH + 1), page(self.STREAM, self.row("PKG-old")).build())

        output = self.read(ConfigBuilder().build(), self.STREAM, SyncMode.full_refresh, state=self.per_shop("update_time", NOW_EPOCH - DAY))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("PKG-old",)])
        http_mocker.assert_number_of_calls(search, 1)
