"""One shop's state: its tables of record cores, its statements, and the indexes endpoints search.

Records enter a shop only through `Table.add` / `add_all` and `Shop.add_statement` / `add_return`,
and update times move only through `Table.touch`, so every index stays sorted and every record
stays findable however it was made. `generate` builds the initial world through them; after that
only `mutations` (sb.mutate) changes stored cores.
"""

from __future__ import annotations

import bisect
import datetime as _dt

from .constants import DAY, REGION_UTC_OFFSET, REGIONS, SEA
from .cores import Statement, Txn
from .dates import EPOCH_ORDINAL


def time_slice(index: list, ge: int | None = None, lt: int | None = None, sentinel=-1) -> list:
    """The entries of a (time, id)-sorted index with ge <= time < lt (either bound optional), by bisect."""
    lo = bisect.bisect_left(index, (ge, sentinel)) if ge is not None else 0
    hi = bisect.bisect_left(index, (lt, sentinel)) if lt is not None else len(index)
    return index[lo : max(lo, hi)]


class Table(dict):
    """Cores of one kind by id, with (create_time, id) and (update_time, id) indexes kept sorted for bisect."""

    def __init__(self, updates: bool = True):
        super().__init__()
        self.by_create: list[tuple] = []
        self.by_update: list[tuple] | None = [] if updates else None

    def add(self, core) -> None:
        self[core.id] = core
        bisect.insort(self.by_create, (core.create_time, core.id))
        if self.by_update is not None:
            bisect.insort(self.by_update, (core.update_time, core.id))

    def add_all(self, cores) -> None:
        """Bulk load (initial world): one sort instead of an insort per core."""
        for core in cores:
            self[core.id] = core
        self.by_create = sorted(self.by_create + [(c.create_time, c.id) for c in cores])
        if self.by_update is not None:
            self.by_update = sorted(self.by_update + [(c.update_time, c.id) for c in cores])

    def touch(self, core, t: int) -> None:
        """Move a core's update_time to t (never before create_time), bump its version, keep by_update sorted."""
        old = (core.update_time, core.id)
        core.update_time = max(core.create_time, t)
        core.version += 1
        i = bisect.bisect_left(self.by_update, old)
        if i < len(self.by_update) and self.by_update[i] == old:
            del self.by_update[i]
        bisect.insort(self.by_update, (core.update_time, core.id))


class Shop:
    def __init__(self, index: int, record: dict, warehouses: list[str]):
        self.index = index
        self.record = record
        self.id: str = record["id"]
        self.cipher: str = record["cipher"]
        self.region: str = record["region"]
        self.seller_type: str = record["seller_type"]
        self.currency, self.exp, _, self.country = REGIONS[self.region]
        self.warehouses = warehouses
        self.return_warehouse = ""
        self.products = Table()  # ProductCore
        self.orders = Table()  # OrderCore
        self.returns = Table()  # ReturnCore
        self.returned_orders: set[int] = set()
        # Event timelines of the returns the sandbox changed, (status, time) oldest first (records/return_records.py).
        self.return_events: dict[int, list[tuple[str, int]]] = {}
        self.cancels = Table()  # CancelCore
        self.payments = Table(updates=False)  # PaymentCore
        self.withdrawals = Table(updates=False)  # WithdrawalCore (string ids)
        self.statements: list[Statement] = []
        self.statement_by_id: dict[str, Statement] = {}
        self.order_txns: dict[int, tuple[str, Txn]] = {}  # settled order -> (statement id, ORDER transaction)
        self.analytics = None  # per-day aggregates, computed on first use (records/analytics.py)
        # Affiliate (affiliate.py draws them after every shop's other data): the creator pool, which orders came
        # through a creator (order id -> AffiliateOrderCore), open and targeted plans, sample applications.
        self.creators: list = []
        self.affiliate_orders: dict = {}
        self.open_collabs = Table(updates=False)  # OpenCollabCore
        self.target_collabs = Table()  # TargetCollabCore
        self.sample_apps = Table()  # SampleAppCore
        self.utc_offset = REGION_UTC_OFFSET[self.region] * 3600
        self.n_buyers = 10
        self.version = 0  # bumped by every mutation; part of the search-cache key

    def add_statement(self, st: Statement) -> None:
        """Store a statement; its ORDER transactions settle their orders."""
        self.statements.append(st)
        self.statement_by_id[st.id] = st
        for txn in st.txns:
            if txn.type == "ORDER":
                self.order_txns[int(txn.order_id)] = (st.id, txn)

    def add_return(self, core) -> None:
        self.returns.add(core)
        self.returned_orders.add(core.order_id)

    @property
    def is_sea(self) -> bool:
        return self.region in SEA

    @property
    def is_uk_us_local(self) -> bool:
        return self.region in ("US", "GB") and self.seller_type == "LOCAL"

    def buyer_user_id(self, buyer: int) -> str:
        return str(7_494_000_000_000_000_000 + self.index * 10**12 + buyer * 7919)

    @property
    def timezone(self) -> str:
        h = self.utc_offset // 3600
        return f"UTC{'+' if h >= 0 else '-'}{abs(h):02d}:00"

    def local_date(self, epoch: int) -> _dt.date:
        return _dt.date.fromordinal(EPOCH_ORDINAL + (epoch + self.utc_offset) // DAY)

    def day_start(self, day: _dt.date) -> int:
        """UTC instant of local midnight starting `day`."""
        return (day.toordinal() - EPOCH_ORDINAL) * DAY - self.utc_offset
