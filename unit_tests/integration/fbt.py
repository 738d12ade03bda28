"""What the Fulfilled by TikTok mock-server tests share: every FBT table first asks
GET /fbt/202409/merchants/onboarded_regions for each shop, so listing the shops also mocks that call."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse

from source_tiktok_shop.source import SourceTiktokShop

from .base import A, TikTokShopMockServerTest
from .request_builder import RequestBuilder
from .response_builder import template

FBT_TABLES = ("fbt_warehouses", "fbt_inventory", "fbt_inventory_records")
# FBT runs in a few markets; the shops of these tests are GB (A), US (B) and VN (SEA).
FBT_REGIONS = ("GB", "US")


def onboarded(*regions: str) -> HttpResponse:
    body = template("fbt_onboarded_regions")
    body["data"] = {"onboarded_regions": [{"region_code": region} for region in regions]}
    return HttpResponse(json.dumps(body), 200)


def not_onboarded(data: Any = ...) -> HttpResponse:
    """What a seller not onboarded gets: "`data` will be empty" (by default `{}`; also null, absent or an empty list)."""
    body = template("fbt_onboarded_regions")
    if data is ...:
        body["data"] = {}
    elif data is None:
        body.pop("data")
    else:
        body["data"] = data
    return HttpResponse(json.dumps(body), 200)


def onboarded_request(cipher: str) -> RequestBuilder:
    return RequestBuilder.endpoint("fbt_onboarded_regions", cipher)


class FbtMockServerTest(TikTokShopMockServerTest):
    """Shops in FBT_REGIONS are onboarded in their region; the others get the empty answer."""

    @classmethod
    def mock_shops(cls, http_mocker: HttpMocker, *shops: Tuple[str, str, str]) -> HttpRequest:
        request = super().mock_shops(http_mocker, *shops)
        for _, cipher, region in shops or (A,):
            cls.mock(http_mocker, onboarded_request(cipher), onboarded(region) if region in FBT_REGIONS else not_onboarded())
        return request

    @staticmethod
    def read_tables(config: Dict[str, Any], streams: Sequence[str], sync_mode: SyncMode = SyncMode.full_refresh) -> EntrypointOutput:
        catalog = CatalogBuilder()
        for stream in streams:
            catalog.with_stream(stream, sync_mode)
        return read(SourceTiktokShop(), dict(config), catalog.build(), None, False)

    @staticmethod
    def skip_lines(output: EntrypointOutput, shop_id: Optional[str] = None) -> List[str]:
        return [
            log.log.message
            for log in output.logs
            if ": skipping shop " in log.log.message and (shop_id is None or shop_id in log.log.message)
        ]
