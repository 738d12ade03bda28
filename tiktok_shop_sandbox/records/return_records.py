"""Return records: GET /return_refund/202309/returns/{return_id}/records, the event timeline of a return.

A return's timeline is its status history: one event per status it has passed through, the request at
its `create_time` and the current status at its `update_time`. A return the sandbox has not changed since
the initial world derives it from its core (`derived_timeline`); `sb.mutate.update_returns` stores the
timeline on the shop (`shop.return_events`) and appends one event per change: the new status, or a note
when a final status only moves in time. Events never change once they exist (each draws from its own
seed), so a timeline only grows.
"""

from __future__ import annotations

import random

from ..constants import RETURN_PATHS
from ..ids import derive_seed
from ..shop import Shop

NOTE = "NOTE"  # an event without a status change (a final return touched again)
# status -> (role that acts, description). "{role}" is the return's initiator (its core role).
EVENTS = {
    "RETURN_OR_REFUND_REQUEST_PENDING": ("{role}", "{Role} requested a {kind}"),
    "AWAITING_BUYER_SHIP": ("SELLER", "Seller approved the return; waiting for the buyer to ship the item"),
    "BUYER_SHIPPED_ITEM": ("BUYER", "Buyer shipped the item"),
    "RETURN_OR_REFUND_REQUEST_SUCCESS": ("SELLER", "Refund approved"),
    "RETURN_OR_REFUND_REQUEST_COMPLETE": ("SYSTEM", "Refund completed"),
    "REFUND_OR_RETURN_REQUEST_REJECT": ("SELLER", "Seller rejected the request"),
    "RETURN_OR_REFUND_REQUEST_CANCEL": ("BUYER", "Buyer cancelled the request"),
    "REPLACEMENT_REQUEST_PENDING": ("{role}", "{Role} requested a replacement"),
    "REPLACEMENT_REQUEST_COMPLETE": ("SELLER", "Replacement completed"),
    "REPLACEMENT_REQUEST_REJECT": ("SELLER", "Seller rejected the replacement request"),
    "REPLACEMENT_REQUEST_CANCEL": ("BUYER", "Buyer cancelled the replacement request"),
    NOTE: ("SELLER", "Seller added a note"),
}
KIND = {"REFUND": "refund", "RETURN_AND_REFUND": "return and refund", "REPLACEMENT": "replacement"}
BUYER_NOTES = ("", "", "The item arrived damaged", "Not what I ordered", "Please refund to my original payment method")
REJECT_REASON = "The returned item does not meet the return policy"


def derived_timeline(core) -> list[tuple[str, int]]:
    """(status, time) of every event of a return the sandbox has not changed: the path up to its status (a
    rejected or cancelled request right after the request), spread between create_time and update_time."""
    path = RETURN_PATHS[core.type]
    statuses = list(path[: path.index(core.status) + 1]) if core.status in path else [path[0], core.status]
    span = core.update_time - core.create_time
    n = len(statuses)
    if n == 1:
        return [(statuses[0], core.create_time)]
    rng = random.Random(derive_seed("return_timeline", core.id))
    inner = sorted(rng.sample(range(1, span), n - 2)) if span > n else [min(i, span) for i in range(1, n - 1)]
    times = [core.create_time, *(core.create_time + d for d in inner), core.update_time]
    return list(zip(statuses, times, strict=True))


def timeline(shop: Shop, core) -> list[tuple[str, int]]:
    """The return's events, oldest first: stored once the sandbox changed the return, derived before."""
    return list(shop.return_events.get(core.id) or derived_timeline(core))


def _event(ds, shop: Shop, core, n: int, status: str, t: int) -> dict:
    rng = random.Random(derive_seed(core.seed, "return_event", n))
    role, description = EVENTS.get(status, ("SYSTEM", f"Return status changed to {status}"))
    initiator = core.role or "BUYER"
    role = role.format(role=initiator)
    record = {
        "create_time": t,
        "description": description.format(Role=initiator.title(), kind=KIND[core.type]),
        "event": "ORDER_RETURN",  # OAS: "it will always be ORDER_RETURN"
        "images": [],
        "note": "",
        "reason_text": "",
        "role": role,
        "videos": [],
    }
    if n == 0:
        record["reason_text"] = ds.return_record(shop, core.id)["return_reason_text"]
        record["note"] = rng.choice(BUYER_NOTES)
        for k in range(rng.choice((0, 0, 1, 2))):
            record["images"].append(
                {"height": 800, "url": f"https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/{core.id:x}{k}~tplv.jpeg", "width": 600}
            )
        if rng.random() < 0.15:
            record["videos"].append(
                {
                    "cover": f"https://p16-oec-va.ibyteimg.com/musically-maliva-obj/{core.id:x}~cover.jpeg",
                    "duration_millis": 1000 * rng.randrange(3, 30),
                    "height": 1280,
                    "url": f"https://v16m-default.akamaized.net/{core.id:x}/video.mp4",
                    "width": 720,
                }
            )
    elif status in ("REFUND_OR_RETURN_REQUEST_REJECT", "REPLACEMENT_REQUEST_REJECT"):
        record["reason_text"] = REJECT_REASON
        record["note"] = "Reach an agreement with the buyer"
    elif status == NOTE:
        record["note"] = rng.choice(("Following up with the buyer", "Checked the returned package", "Contacted customer service"))
    return record


def return_records(ds, shop: Shop, rid: int) -> list[dict]:
    """`data.records` of the endpoint, newest first (SANDBOX CHOICE: the OAS does not say the order)."""
    core = shop.returns[rid]

    def build() -> list[dict]:
        events = [_event(ds, shop, core, n, status, t) for n, (status, t) in enumerate(timeline(shop, core))]
        return events[::-1]

    return ds.cached(("return_records", rid, core.version), build)
