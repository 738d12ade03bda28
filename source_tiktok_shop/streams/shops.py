"""The `shops` table: the shops this authorization covers, restricted to `shop_ids`."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, MutableMapping, Optional

from airbyte_cdk.models import SyncMode

from ..shop_directory import SHOPS_PATH
from .base import TikTokShopStream


class Shops(TikTokShopStream):
    path = SHOPS_PATH
    list_key = "shops"
    shop_scoped = False

    def records_for_slice(self, sync_mode: SyncMode, stream_slice: Optional[Mapping[str, Any]]) -> Iterable[MutableMapping[str, Any]]:
        for record in self._context.shops.selected_records(self.name):
            yield {**record, "shop_id": str(record.get("id"))}
