"""Product tables (Partner Center group: Product Basic)."""

from __future__ import annotations

from typing import List, MutableMapping

from ..answers import requires_fields
from ..client import Shop
from ..runner import ReadRunner
from .base import ShopListStream
from .incremental import IncrementalShopStream


class Products(IncrementalShopStream):
    """Search by update_time window, then the detail call for the full record of each product
    (children of its own search: GET /product/202309/products/{product_id}).

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
    merged_from = ("GET /product/202309/products/{product_id}",)
    beyond_spec_fields = {
        "manufacturer": "in the product detail reference (name, address, email, phone_number beside manufacturer_ids)",
        "scheduled_sale": "in the product detail reference sample (schedule_sale_time)",
        "product_tags": "in product answers of later versions, seen as an empty list",
        "skus[].sku_dimensions": "in the product detail reference, per SKU",
        "skus[].sku_weight": "in the product detail reference, per SKU",
    }

    # GET /product/202309/products/{product_id} answers nothing for frozen and deleted products: their
    # search summary is emitted instead, so the product and its status are not lost.
    no_detail_statuses = frozenset({"FREEZE", "DELETED"})

    def child_records(self, shop: Shop, parents: List[MutableMapping], runner: ReadRunner) -> List[MutableMapping]:
        return [self._full_record(shop, summary) for summary in parents]

    def _full_record(self, shop: Shop, summary: MutableMapping) -> MutableMapping:
        if summary.get("status") in self.no_detail_statuses:
            return summary
        detail = self._client.request(
            "GET", self.detail_path.format(product_id=summary["id"]), stream=self.name, shop=shop, check=requires_fields("id")
        )
        # The search alone carries `sales_regions` and `product_sync_fail_reasons`: keep the summary's
        # fields, with the detail's values where both have one.
        return {**summary, **detail}


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


class Inventory(ShopListStream):
    """Current stock per product and SKU (full refresh): POST /product/202309/inventory/search for the
    products of the shop's product search, a batch of ids at a time."""

    path = "/product/202309/inventory/search"
    method = "POST"
    list_key = "inventory"
    primary_key = "product_id"
    parent = Products
    # The most `product_ids` one call takes ("Max IDs: 100", POST /product/202309/inventory/search).
    parents_per_call = 100
    unique_parents = True

    def child_records(self, shop: Shop, parents: List[MutableMapping], runner: ReadRunner) -> List[MutableMapping]:
        data = self.request_data(shop, body={"product_ids": [str(product["id"]) for product in parents]})
        return list(data.get(self.list_key) or [])
