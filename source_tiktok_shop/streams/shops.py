"""Account-level tables of the authorization: `shops` (the shops it covers, restricted to `shop_ids`)
and `category_assets`."""

from __future__ import annotations

from typing import Any, Iterable, MutableMapping

from airbyte_cdk.models import SyncMode

from ..page_walk import as_key
from ..runner import ReadRunner
from ..shop_directory import SHOPS_PATH
from .base import TikTokShopStream


class Shops(TikTokShopStream):
    path = SHOPS_PATH
    list_key = "shops"
    shop_scoped = False

    def account_records(self, sync_mode: SyncMode, runner: ReadRunner) -> Iterable[MutableMapping[str, Any]]:
        for record in self._context.shops.selected_records(self.name):
            yield {**record, "shop_id": str(record.get("id"))}


class CategoryAssets(TikTokShopStream):
    """The business categories a partner has authorized to the app, per target market, with the
    `cipher` that partner APIs take as `category_asset_cipher` (GET /authorization/202405/category_assets).

    Account level: the operation takes no `shop_cipher` and its items name no shop, so the records
    belong to the authorization and carry no `shop_id`; one unpaged call per sync, full refresh.
    The key is the category with its market (a category may be authorized for several markets).
    """

    path = "/authorization/202405/category_assets"
    list_key = "category_assets"
    primary_key = ["category_id", "target_market"]
    shop_scoped = False
    added_fields = {"category_id": "`category.id` as text, the first half of the key (TikTok nests it, as an integer, in `category`)"}
    skip_without_scope = True

    def account_records(self, sync_mode: SyncMode, runner: ReadRunner) -> Iterable[MutableMapping[str, Any]]:
        for records, _, _ in self.pages(None, runner=runner):
            for asset in records:
                category = asset.get("category")
                category_id = as_key(category.get("id")) if isinstance(category, dict) else None
                yield {**asset, "category_id": category_id}
