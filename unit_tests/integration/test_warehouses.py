"""Mock-server tests of `warehouses`: GET /logistics/202309/warehouses, one unpaged call per shop."""

from __future__ import annotations

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, A, TikTokShopMockServerTest
from .behaviours import ShopListBehaviour
from .config import ConfigBuilder
from .response_builder import page


@freeze_time(NOW)
class WarehousesTest(ShopListBehaviour, TikTokShopMockServerTest):
    STREAM = "warehouses"
    PAGINATED = False

    @HttpMocker()
    def test_a_shop_without_warehouses_gives_no_record_and_no_error(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        call = self.mock(http_mocker, self.first_page(), page(self.STREAM).without_list().build())

        output = self.read(ConfigBuilder().build(), self.STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        http_mocker.assert_number_of_calls(call, 1)
