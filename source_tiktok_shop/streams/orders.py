"""Order tables (Partner Center group: Order Information)."""

from __future__ import annotations

from .incremental import IncrementalShopStream


class Orders(IncrementalShopStream):
    """Order search returns complete order records; sorted by update_time ascending.

    TikTok's documented defaults are create_time / DESC, so the sort is always sent explicitly.
    """

    path = "/order/202309/orders/search"
    method = "POST"
    list_key = "orders"
    page_size = 100
    filter_start, filter_end = "update_time_ge", "update_time_lt"
    static_params = {"sort_field": "update_time", "sort_order": "ASC"}
