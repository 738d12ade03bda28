"""Mock-server tests of `brands`: GET /product/202309/brands, 100 a page, with the shop's category tree version."""

from __future__ import annotations

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, A, TikTokShopMockServerTest
from .behaviours import ShopListBehaviour
from .config import ConfigBuilder
from .response_builder import page, record


@freeze_time(NOW)
class BrandsTest(ShopListBehaviour, TikTokShopMockServerTest):
    STREAM = "brands"
    PAGINATED = True
    PARAMS = {"category_version": "v1"}

    @HttpMocker()
    def test_a_page_token_seen_before_in_the_walk_is_refused_instead_of_looping(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.first_page(), page(self.STREAM, record(self.STREAM, "BR-1")).with_next_page_token("page-2").build())
        # Page 2 points back at itself: read for ever, it would never end.
        looping = page(self.STREAM, record(self.STREAM, "BR-2")).with_next_page_token("page-2").build()
        self.mock(http_mocker, self.first_page("page-2"), looping)

        output = self.read(ConfigBuilder().build(), self.STREAM, SyncMode.full_refresh, expecting_exception=True)

        self.assertTrue(output.errors, "a repeated page token must end the read with an error")
        self.assertIn("page token", output.errors[-1].trace.error.message)
        self.assertNotIn("BR-2", [row[0] for row in self.rows(output, "id")])
