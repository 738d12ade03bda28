"""Fulfillment tables (Partner Center group: Fulfillment Basic)."""

from __future__ import annotations

from .incremental import IncrementalShopStream


class Packages(IncrementalShopStream):
    """Packages by update_time; the documented default sort is create_time DESC, so it is always sent."""

    path = "/fulfillment/202309/packages/search"
    method = "POST"
    list_key = "packages"
    page_size = 50
    static_params = {"sort_field": "update_time", "sort_order": "ASC"}
