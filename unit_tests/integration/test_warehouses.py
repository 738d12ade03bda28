"""Mock-server tests of `warehouses`: GET /logistics/202309/warehouses, one unpaged call per shop."""

from __future__ import annotations

from unittest.mock import patch

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from source_tiktok_shop.streams.logistics import Warehouses

from .base import CIPHER_A, NOW, A, B, TikTokShopMockServerTest
from .behaviours import ShopListBehaviour
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import error_response, page


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


@freeze_time(NOW)
class SkipWithoutScopeTest(TikTokShopMockServerTest):
    """The base-class switch of add-on tables (`skip_without_scope`), shown on `warehouses` with the switch on."""

    STREAM = "warehouses"

    def setUp(self) -> None:
        super().setUp()
        switch = patch.object(Warehouses, "skip_without_scope", True)
        switch.start()
        self.addCleanup(switch.stop)

    @HttpMocker()
    def test_a_missing_scope_skips_the_table_with_one_warning_and_asks_no_other_shop(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A, B)
        denied = error_response(105005, "Access denied.", 403)
        first = self.mock(http_mocker, RequestBuilder.endpoint(self.STREAM, CIPHER_A), denied)

        output = self.read(ConfigBuilder().with_concurrency(1).build(), self.STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        warnings = [log.log.message for log in output.logs if "skipped" in log.log.message]
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn("Logistics Basic", warnings[0])
        http_mocker.assert_number_of_calls(first, 1)

    @HttpMocker()
    def test_without_the_switch_a_missing_scope_fails_the_table_with_a_config_error(self, http_mocker: HttpMocker) -> None:
        switch = patch.object(Warehouses, "skip_without_scope", False)
        switch.start()
        self.addCleanup(switch.stop)
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, RequestBuilder.endpoint(self.STREAM, CIPHER_A), error_response(105005, "Access denied.", 403))

        output = self.read(ConfigBuilder().build(), self.STREAM, SyncMode.full_refresh, expecting_exception=True)

        self.assertTrue(output.errors)
        self.assertEqual({error.trace.error.failure_type.value for error in output.errors}, {"config_error"})
        self.assertIn("Logistics Basic", output.errors[0].trace.error.message)
