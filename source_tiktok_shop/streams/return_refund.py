"""Return and refund tables (Partner Center group: Return and Refund)."""

from __future__ import annotations

from .incremental import IncrementalShopStream


class Returns(IncrementalShopStream):
    path = "/return_refund/202309/returns/search"
    method = "POST"
    list_key = "return_orders"
    primary_key = "return_id"
    page_size = 50  # TikTok accepts 10-50
    static_params = {"sort_field": "update_time", "sort_order": "ASC"}
    beyond_spec_fields = {"is_quick_refund": "in the returns search reference's record"}


class Cancellations(IncrementalShopStream):
    path = "/return_refund/202309/cancellations/search"
    method = "POST"
    list_key = "cancellations"
    primary_key = "cancel_id"
    page_size = 50
    static_params = {"sort_field": "update_time", "sort_order": "ASC"}
    beyond_spec_fields = {"should_replenish_stock": "in live answers of the cancellations search"}
