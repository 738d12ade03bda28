"""Product tables (Partner Center group: Product Basic)."""

from __future__ import annotations

from typing import Iterable, List, MutableMapping

from ..client import Shop
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
    initial_window_days = 30
    search_cap = 10_000

    # TikTok serves no detail record for these (reference §6.2); their search summary is emitted
    # instead, so the product and its state are not lost.
    no_detail_statuses = frozenset({"FREEZE", "DELETED"})

    def expand(self, shop: Shop, records: List[MutableMapping]) -> Iterable[MutableMapping]:
        for summary in records:
            if summary.get("status") in self.no_detail_statuses:
                yield summary
                continue
            detail = self._client.request(
                "GET", self.detail_path.format(product_id=summary["id"]), stream=self.name, shop=shop
            )
            yield dict(detail) if detail else summary
