"""Mock-server tests of `shops`: GET /authorization/202309/shops (account level: no `shop_cipher`),
restricted to `shop_ids`."""

from __future__ import annotations

from airbyte_cdk.models import FailureType, SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, CIPHER_B, NOW, SHOP_A, SHOP_B, A, B, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, shop_record

STREAM = "shops"


@freeze_time(NOW)
class ShopsTest(TikTokShopMockServerTest):
    def read_shops(self, config=None, expecting_exception: bool = False):
        return self.read(config or ConfigBuilder().build(), STREAM, SyncMode.full_refresh, expecting_exception=expecting_exception)

    @HttpMocker()
    def test_one_page_lists_every_authorized_shop_with_shop_id(self, http_mocker: HttpMocker) -> None:
        listing = self.mock_shops(http_mocker, A, B)

        output = self.read_shops()

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "shop_id", "cipher"), [(SHOP_A, SHOP_A, CIPHER_A), (SHOP_B, SHOP_B, CIPHER_B)])
        http_mocker.assert_number_of_calls(listing, 1)

    @HttpMocker()
    def test_the_list_is_not_paged_a_next_page_token_is_not_followed(self, http_mocker: HttpMocker) -> None:
        listing = self.mock(http_mocker, RequestBuilder.shops(), page(STREAM, shop_record(*A)).with_next_page_token("page-2").build())

        output = self.read_shops()

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [(SHOP_A,)])
        http_mocker.assert_number_of_calls(listing, 1)

    @HttpMocker()
    def test_shop_ids_restricts_the_table_to_the_selected_shops(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A, B)

        output = self.read_shops(ConfigBuilder().with_shop_ids([SHOP_B]).build())

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [(SHOP_B,)])

    @HttpMocker()
    def test_an_authorization_without_shops_is_a_config_error(self, http_mocker: HttpMocker) -> None:
        self.mock(http_mocker, RequestBuilder.shops(), page(STREAM).build())

        output = self.read_shops(expecting_exception=True)

        self.assertEqual(output.records, [])
        error = output.errors[-1].trace.error
        self.assertEqual(error.failure_type, FailureType.config_error)
        self.assertIn("covers no shop", error.message)
