"""Product tables (Partner Center group: Product Basic)."""

from __future__ import annotations

from typing import Any, Iterable, List, Mapping, MutableMapping, Optional

from airbyte_cdk.models import SyncMode

from ..answers import requires_fields
from ..client import Shop
from ..parallel import ordered_map
from .base import ShopListStream
from .incremental import IncrementalShopStream


class Products(IncrementalShopStream):
    """Search by update_time window, then the detail call for the full record of each product.

    Product search has no sort parameter and an inclusive `update_time_le`, and it refuses to page
    past 10,000 results (12052180), so windows are split before they reach that.
    """

    path = "/product/202309/products/search"
    detail_path = "/product/202309/products/{product_id}"
    method = "POST"
    list_key = "products"
    page_size = 100
    filter_start, filter_end, end_inclusive = "update_time_ge", "update_time_le", True
    search_cap = 10_000
    target_results = 8_000

    # TikTok serves no detail record for these (reference §6.2); their search summary is emitted
    # instead, so the product and its state are not lost.
    no_detail_statuses = frozenset({"FREEZE", "DELETED"})

    def expand(self, shop: Shop, records: List[MutableMapping]) -> Iterable[MutableMapping]:
        def full_record(summary: MutableMapping) -> MutableMapping:
            if summary.get("status") in self.no_detail_statuses:
                return summary
            detail = self._client.request(
                "GET", self.detail_path.format(product_id=summary["id"]), stream=self.name, shop=shop, check=requires_fields("id")
            )
            return dict(detail)

        return ordered_map(self._context.executor, full_record, records, self._context.concurrency)


class Categories(ShopListStream):
    """The category tree a shop can list in (flat; `parent_id` "0" for roots). Per shop: trees differ by region."""

    path = "/product/202309/categories"
    list_key = "categories"
    primary_key = ["shop_id", "id"]
    list_record_key = "id"
    sends_category_version = True


class Brands(ShopListStream):
    path = "/product/202309/brands"
    list_key = "brands"
    primary_key = ["shop_id", "id"]
    list_record_key = "id"
    page_size = 100
    sends_category_version = True


class _ProductSummaries(Products):
    """Product search without detail calls: how `inventory` learns the shop's product ids."""

    def expand(self, shop: Shop, records: List[MutableMapping]) -> Iterable[MutableMapping]:
        return records


class Inventory(ShopListStream):
    """Current stock per product and SKU, asked for in batches of product ids (full refresh)."""

    path = "/product/202309/inventory/search"
    method = "POST"
    list_key = "inventory"
    primary_key = "product_id"
    batch_size = 100  # TikTok's limit on product_ids per call (reference §6.9, unverified: kept at the stricter reading)

    def records_for_slice(self, sync_mode: SyncMode, stream_slice: Optional[Mapping[str, Any]]) -> Iterable[MutableMapping]:
        shop = self.shop_for(stream_slice)
        summaries = _ProductSummaries(self._context)
        ids = sorted({str(p["id"]) for p in summaries.records_for_slice(SyncMode.full_refresh, stream_slice) if isinstance(p, Mapping)})
        for offset in range(0, len(ids), self.batch_size):
            data = self.request_data(shop, body={"product_ids": ids[offset : offset + self.batch_size]})
            for record in data.get(self.list_key) or []:
                yield self.with_shop(record, shop)
