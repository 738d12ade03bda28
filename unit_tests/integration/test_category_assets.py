"""Mock-server tests of `category_assets`: GET /authorization/202405/category_assets, one call per sync for
the whole authorization (no shop_cipher, unpaged); records keyed by the category id (as text) and market."""

from __future__ import annotations

import json

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpResponse
from freezegun import freeze_time

from .base import NOW, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import error_response, template

STREAM = "category_assets"


def assets_answer(*assets) -> HttpResponse:
    body = template("category_assets")
    body["data"]["category_assets"] = list(assets)
    return HttpResponse(json.dumps(body), 200)


def asset(category_id, market: str, name: str = "Customer Support") -> dict:
    return {"category": {"id": category_id, "name": name}, "cipher": f"TTP_{category_id}_{market}", "target_market": market}


@freeze_time(NOW)
class CategoryAssetsTest(TikTokShopMockServerTest):
    @HttpMocker()
    def test_one_call_for_the_whole_authorization_without_listing_shops(self, http_mocker: HttpMocker) -> None:
        # Nothing else is mocked: no shop listing, no shop_cipher, no page_size.
        call = self.mock(
            http_mocker,
            RequestBuilder("GET", "/authorization/202405/category_assets"),
            assets_answer(asset(3, "US"), asset(3, "GB"), asset(8, "US", "Data Analytics")),
        )

        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        records = [r.record.data for r in output.records]
        self.assertEqual([(r["category_id"], r["target_market"]) for r in records], [("3", "US"), ("3", "GB"), ("8", "US")])
        self.assertEqual(records[0]["category"], {"id": 3, "name": "Customer Support"})  # as TikTok sent it
        self.assertEqual(records[0]["cipher"], "TTP_3_US")
        self.assertTrue(all("shop_id" not in r for r in records), "the authorization's records name no shop")
        http_mocker.assert_number_of_calls(call, 1)

    @HttpMocker()
    def test_an_asset_without_its_category_stops_the_read_naming_the_key(self, http_mocker: HttpMocker) -> None:
        broken = {"cipher": "TTP_x", "target_market": "US"}
        self.mock(http_mocker, RequestBuilder("GET", "/authorization/202405/category_assets"), assets_answer(broken))

        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh, expecting_exception=True)

        self.assertEqual(output.records, [])
        self.assertTrue(
            any("`category_id`" in e.trace.error.message for e in output.errors), [e.trace.error.message for e in output.errors]
        )

    @HttpMocker()
    def test_a_missing_scope_skips_the_account_level_table_with_one_warning(self, http_mocker: HttpMocker) -> None:
        call = self.mock(
            http_mocker, RequestBuilder("GET", "/authorization/202405/category_assets"), error_response(105005, "Access denied.", 403)
        )

        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        warnings = [log.log.message for log in output.logs if "skipped" in log.log.message]
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn("/authorization/202405/category_assets", warnings[0])
        http_mocker.assert_number_of_calls(call, 1)
