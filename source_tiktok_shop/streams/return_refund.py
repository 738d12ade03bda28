"""Return and refund tables (Partner Center group: Return and Refund)."""

from __future__ import annotations

from typing import Any, List, MutableMapping

from ..client import Shop
from ..runner import ReadRunner
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


class ReturnRecords(IncrementalShopStream):
    """The event timeline of each return: a child of `returns` on its cursor, one call of
    GET /return_refund/202309/returns/{return_id}/records per return found (the whole timeline, again
    whenever the return changes).

    A record has no id of its own, and `event` is always ORDER_RETURN, so records are keyed by their
    position in the return's timeline, oldest first (`record_index`, from 0): a timeline only grows at
    its end, so a record keeps its index, and two events of the same second never collapse into one.
    The OAS does not say in which order the records come: they are put in `create_time` order here,
    events of the same second in the answer's own chronological order.
    """

    path = "/return_refund/202309/returns/{return_id}/records"
    list_key = "records"
    primary_key = ["return_id", "record_index"]
    cursor_field = "return_update_time"
    parent = Returns
    row_estimate = False  # returns are counted, not their records
    added_fields = {
        "return_id": "the return the record belongs to",
        "record_index": "the record's position in the return's timeline, oldest first: with return_id, the key",
        "return_update_time": "the return's update_time in the returns search: the cursor",
        "order_id": "the return's order, from the returns search",
    }

    def child_records(self, shop: Shop, parents: List[MutableMapping[str, Any]], runner: ReadRunner) -> List[MutableMapping[str, Any]]:
        out: List[MutableMapping[str, Any]] = []
        for parent in parents:
            return_id = str(parent["return_id"])
            data = self.request_data(shop, path=self.path.format(return_id=return_id))
            records: List[MutableMapping[str, Any]] = [record for record in data.get(self.list_key) or [] if isinstance(record, dict)]
            for index, record in enumerate(_oldest_first(records)):
                record.update(
                    {
                        "return_id": return_id,
                        "record_index": index,
                        "return_update_time": parent.get("update_time"),
                        "order_id": parent.get("order_id"),
                    }
                )
                out.append(record)
        return out


def _oldest_first(records: List[MutableMapping[str, Any]]) -> List[MutableMapping[str, Any]]:
    """Records in create_time order, whichever way the answer lists them: an answer that runs newest first
    is turned round before the (stable) sort, so events of one second keep their order in time."""

    def time_of(record: MutableMapping[str, Any]) -> int:
        value = record.get("create_time")
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    if len(records) > 1 and time_of(records[0]) > time_of(records[-1]):
        records = records[::-1]
    return sorted(records, key=time_of)
