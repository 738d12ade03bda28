"""The `shops` table: the shops this authorization covers, restricted to `shop_ids`."""

from __future__ import annotations

from typing import Any, Iterable, MutableMapping, Optional

from airbyte_cdk.models import SyncMode

from ..client import Shop
from ..runner import ReadRunner
from ..shop_directory import SHOPS_PATH
from .base import TikTokShopStream


class Shops(TikTokShopStream):
    path = SHOPS_PATH
    list_key = "shops"
    shop_scoped = False

    def records_for_shop(
        self,
        shop: Optional[Shop],
        sync_mode: SyncMode,
        shop_state: MutableMapping[str, Any],
        runner: ReadRunner,
    ) -> Iterable[MutableMapping[str, Any]]:
        for record in self._context.shops.selected_records(self.name):
            yield {**record, "shop_id": str(record.get("id"))}
