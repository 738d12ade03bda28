"""The `shops` table: the shops this authorization covers, restricted to `shop_ids`."""

from __future__ import annotations

from typing import Any, Iterable, MutableMapping

from airbyte_cdk.models import SyncMode

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
