"""Base classes that hold the behaviour; a TikTok table is a few lines of declaration over them.

A table declares its endpoint (`path`, `method`), the `list_key` of its records in `data`, and its
page-size limit; shop-scoped tables are read once per selected shop and every record carries
`shop_id`. Tables read through another table's search declare it (children.py); incremental tables
add their time filters (incremental.py). Every read has one runner (runner.py) that owns its threads:
the shops read side by side, the calls fanned out and the pages fetched ahead.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from abc import ABC
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, ClassVar, Dict, Generator, Iterable, Iterator, List, Mapping, MutableMapping, Optional, Set, Tuple

from airbyte_cdk.models import AirbyteMessage, SyncMode
from airbyte_cdk.sources.streams import CheckpointMixin, Stream
from airbyte_cdk.sources.streams.core import StreamData
from airbyte_cdk.sources.streams.http.pagination_reset_exception import PaginationResetRequiredException
from airbyte_cdk.sources.utils import casing

from ..answers import DataCheck, refused
from ..api_groups import group_for_path
from ..client import Shop, TikTokShopClient
from ..config import ConnectorConfig
from ..errors import ScopeMissingError
from ..fbt_onboarding import FbtOnboarding
from ..page_walk import PageWalk
from ..policy import FieldPolicy, apply_projection, compile_projection
from ..rate_budget import log_settled_rates
from ..record_keys import RecordKeys
from ..runner import ReadRunner, ShopRead
from ..shop_directory import ShopDirectory
from ..state_checks import per_shop_states
from .children import ChildCalls

SCHEMAS_DIR = Path(__file__).parent / "schemas"
# Restarts of one walk from its first page after TikTok refuses a page token (see `pages`).
MAX_WALK_RESTARTS = 2


@lru_cache(maxsize=None)
def load_schema(name: str) -> Mapping[str, Any]:
    return json.loads((SCHEMAS_DIR / f"{name}.json").read_text())


class StreamContext:
    """What every stream of one source instance shares: config, client, shop directory, field policy."""

    def __init__(self, config: ConnectorConfig, client: TikTokShopClient, shops: ShopDirectory, policy: FieldPolicy) -> None:
        self.config = config
        self.client = client
        self.shops = shops
        self.policy = policy
        # The instant this sync reads up to (before the safety margin): one for every table and shop,
        # taken once here rather than by each shop's reading thread.
        self.sync_time = int(time.time())
        # Calls at once per table read (see runner.py); the rate budget in the client paces them.
        self.concurrency = config.concurrency
        # Which shops are onboarded to Fulfilled by TikTok: asked once per shop for all FBT tables (fbt.py).
        self.fbt_onboarding = FbtOnboarding(client)


class ShopReading:
    """One shop's read of one table: the shop, the sync mode, the shop's state it advances (a
    throwaway one in a full refresh) and the runner of the read."""

    def __init__(self, shop: Shop, sync_mode: SyncMode, state: MutableMapping[str, Any], runner: ReadRunner) -> None:
        self.shop, self.state, self.runner = shop, state, runner
        self.incremental = sync_mode == SyncMode.incremental


class TikTokShopStream(Stream, ABC):
    primary_key: ClassVar[Any] = "id"
    path: ClassVar[str]
    method: ClassVar[str] = "GET"
    list_key: ClassVar[str]
    # None: the endpoint is not paginated. Otherwise the page size to request (the endpoint's maximum).
    page_size: ClassVar[Optional[int]] = None
    # Read once per selected shop (with `shop_cipher`); False for account-level endpoints.
    shop_scoped: ClassVar[bool] = True
    # Regions TikTok does not serve this endpoint for: their shops are skipped, with a log line.
    unsupported_regions: ClassVar[frozenset] = frozenset()
    # The field every element of the list must carry (page answers without it are refused, see
    # page_walk.py); by default the primary key, when that is a single field the list itself holds.
    list_record_key: ClassVar[Optional[str]] = None
    # Where `page_size` and `page_token` go: the query string (most operations) or the JSON body, as
    # POST /promotion/202309/activities/search (SearchActivities) takes them ("" for the first page).
    paging_in_body: ClassVar[bool] = False
    # Tables of an add-on Partner Center API group (affiliate, promotion, FBT, ...) that many apps are
    # not granted: without the scope (105005) the table is skipped with one warning instead of failing
    # the sync. Tables of the core groups fail with the config error, as a seller expects them.
    skip_without_scope: ClassVar[bool] = False
    # For `make oas-check` (scripts/oas_check.py): fields the connector adds to TikTok's record (name ->
    # why; `shop_id` is always added), and the other operations ("METHOD /path") whose answer is merged
    # into the record, such as a detail call.
    added_fields: ClassVar[Mapping[str, str]] = {}
    merged_from: ClassVar[Tuple[str, ...]] = ()
    # Fields (dotted paths) that TikTok's API reference documents for this answer but its OpenAPI spec does
    # not list: kept in the schema (nullable) so that neither reading loses them, with the reason.
    beyond_spec_fields: ClassVar[Mapping[str, str]] = {}
    # Whether a record is the answer's whole `data` (a detail call per parent) rather than an element of
    # its `list_key` array.
    record_is_data: ClassVar[bool] = False

    def __init__(self, context: StreamContext) -> None:
        self._context = context
        self._client = context.client
        self._json_schema: Optional[Mapping[str, Any]] = None
        # Set once a call of this table was refused for a missing scope (see `skip_without_scope`).
        self._scope_missing: Optional[ScopeMissingError] = None
        # Shops `shop_skip_reason` turned away in this read (their empty state is not reported, see PerShopStateStream).
        self._skipped_shops: Set[str] = set()
        self._scope_lock = threading.Lock()  # shops read side by side may be refused at once: one warning

    @property
    def record_key(self) -> Optional[str]:
        if self.list_record_key is not None:
            return self.list_record_key
        return self.primary_key if isinstance(self.primary_key, str) else None

    @classmethod
    def name_for_class(cls) -> str:
        return casing.camel_to_snake(cls.__name__)

    @classmethod
    def protected_fields(cls) -> List[str]:
        """Fields the field policy may never hash or block: the key, the cursor and `shop_id`."""
        keys = cls.primary_key if isinstance(cls.primary_key, list) else [cls.primary_key]
        cursor = getattr(cls, "cursor_field", None)
        return [*keys, *([cursor] if isinstance(cursor, str) and cursor else []), "shop_id"]

    def get_json_schema(self) -> Mapping[str, Any]:  # type: ignore[override]  # cached below, not by the CDK's lru_cache
        # The CDK asks for it once per record; the field policy is fixed for the source's lifetime.
        if self._json_schema is None:
            self._json_schema = self._context.policy.schema_for(self.name, load_schema(self.name))
        return self._json_schema

    def read_records(
        self,
        sync_mode: SyncMode,
        cursor_field: Optional[List[str]] = None,
        stream_slice: Optional[Mapping[str, Any]] = None,
        stream_state: Optional[Mapping[str, Any]] = None,
    ) -> Iterable[StreamData]:
        # Every record passes the field policy, then the configured catalog's column selection, here and
        # before anything else sees it: blocked and unselected values never leave the connector.
        policy = self._context.policy
        selection = compile_projection(getattr(self, "configured_json_schema", None))
        keys = self.record_keys()
        # The runner's threads live exactly as long as this read: closed when it ends, fails or is
        # abandoned by its consumer (the records generator first, so no reader is left submitting).
        with ReadRunner(self._context.concurrency) as runner:
            records = self._slice_records(sync_mode, stream_slice, runner)
            try:
                for record in records:
                    if isinstance(record, AirbyteMessage):  # progress estimates pass through untouched
                        yield record
                        continue
                    yield apply_projection(policy.apply(self.name, keys.fix(record)), selection)
            finally:
                records.close()
        self.log_settled_rates()

    def log_settled_rates(self) -> None:
        """Once per table: the request rate the adaptive budget settled at for each shop (rate_budget.py), for the
        API groups of the table's own calls, its detail calls and its parent's."""
        if not self.shop_scoped:
            return
        parent = getattr(self, "parent", None)
        paths = [self.path, *(op.split(" ", 1)[-1] for op in self.merged_from), *([parent.path] if parent is not None else [])]
        groups = sorted({group.key for group in map(group_for_path, paths) if group is not None})
        shops = [(shop.id, shop.cipher) for shop in self._context.shops.selected(self.name)]
        log_settled_rates(self.logger, self._context.client.api_budget, self.name, shops, groups)

    def record_keys(self) -> RecordKeys:
        keys = self.primary_key if isinstance(self.primary_key, list) else [self.primary_key]
        cursor = getattr(self, "cursor_field", None)
        return RecordKeys(self.name, self.path, load_schema(self.name), keys, cursor if isinstance(cursor, str) else None)

    def records_for_shop(self, reading: ShopReading) -> Iterable[Any]:
        """The table's raw records for one shop, advancing `reading.state` (shop-scoped tables)."""
        raise NotImplementedError

    def account_records(self, sync_mode: SyncMode, runner: ReadRunner) -> Iterable[Any]:
        """The table's raw records (account-level tables, `shop_scoped = False`)."""
        raise NotImplementedError

    def shop_read(self, shop_id: str, sync_mode: SyncMode, runner: ReadRunner) -> ShopRead:
        """One shop's read for the runner; tables without state have nothing to carry."""
        reading = ShopReading(self.shop_by_id(shop_id), sync_mode, {}, runner)
        return ShopRead(shop_id, lambda: self.shop_records(reading), lambda: None)

    def shop_records(self, reading: ShopReading) -> Iterator[Any]:
        """`records_for_shop` (unless the shop lacks the table's feature, see `served_records`), or nothing
        (and one warning per table) when the app lacks the scope of a
        table that may be skipped without it. The scope belongs to the app, so once refused for one
        shop the other shops are not asked again; the state of a skipped shop does not move."""
        yield from self._unless_scope_missing(lambda: self.served_records(reading))

    def _unless_scope_missing(self, records: Callable[[], Iterable[Any]]) -> Iterator[Any]:
        """The records, or nothing and one warning (see `shop_records`); account-level tables too."""
        if not self.skip_without_scope:
            yield from records()
            return
        if self._scope_missing is not None:
            return
        try:
            yield from records()
        except ScopeMissingError as missing:
            with self._scope_lock:
                first, self._scope_missing = self._scope_missing is None, self._scope_missing or missing
            if first:
                self.logger.warning(
                    f"{self.name}: skipped: the app may not call {missing.path}. To sync this table, enable the "
                    f"'{missing.group_name}' API group for the app in TikTok Shop Partner Center, then have the seller "
                    "re-authorize it."
                )

    def stream_slices(
        self, *, sync_mode: SyncMode, cursor_field: Optional[List[str]] = None, stream_state: Optional[Mapping[str, Any]] = None
    ) -> Iterable[Optional[Mapping[str, Any]]]:
        if not self.shop_scoped:
            yield {}
            return
        shop_ids = []
        for shop in self._context.shops.selected(self.name):
            if shop.region in self.unsupported_regions:
                self.logger.info(f"{self.name}: skipping shop {shop.id}: TikTok does not offer this table in region {shop.region}")
                continue
            shop_ids.append(shop.id)
        if self._context.concurrency > 1 and len(shop_ids) > 1:
            # One slice for all shops, read side by side: each shop has its own rate budget, so
            # reading them at once multiplies what a sync can fetch per second.
            yield {"shop_ids": shop_ids}
            return
        for shop_id in shop_ids:
            yield {"shop_id": shop_id}

    def _slice_records(
        self, sync_mode: SyncMode, stream_slice: Optional[Mapping[str, Any]], runner: ReadRunner
    ) -> Generator[Any, None, None]:
        if not self.shop_scoped:
            yield from self._unless_scope_missing(lambda: self.account_records(sync_mode, runner))
            return
        shop_ids = (stream_slice or {}).get("shop_ids") or [(stream_slice or {}).get("shop_id")]
        yield from runner.read_shops([self.shop_read(shop_id, sync_mode, runner) for shop_id in shop_ids])

    def served_records(self, reading: ShopReading) -> Iterator[Any]:
        """`records_for_shop`, unless the shop lacks a feature the table needs (`shop_skip_reason`): then
        one log line and nothing. Asked inside the shop's read, so that a missing scope on the call that
        tells (GET /fbt/202409/merchants/onboarded_regions) skips the table like any other 105005."""
        reason = self.shop_skip_reason(reading.shop)
        if reason is not None:
            self.logger.info(f"{self.name}: skipping shop {reading.shop.id}: {reason}")
            self._skipped_shops.add(reading.shop.id)
            return
        yield from self.records_for_shop(reading)

    def shop_skip_reason(self, shop: Shop) -> Optional[str]:
        """Why this table has nothing to read for this shop (a feature it lacks), or None. Asked once per
        shop and table read; a skipped shop gets one log line and keeps its state."""
        return None

    def shop_by_id(self, shop_id: Optional[str]) -> Shop:
        for shop in self._context.shops.selected(self.name):
            if shop.id == shop_id:
                return shop
        raise KeyError(f"no selected shop {shop_id!r}")

    # ---- HTTP ---------------------------------------------------------------------------------

    def request_data(
        self,
        shop: Optional[Shop],
        params: Optional[Mapping[str, Any]] = None,
        body: Optional[Mapping[str, Any]] = None,
        path: Optional[str] = None,
        check: Optional[DataCheck] = None,
    ) -> Mapping[str, Any]:
        return self._client.request(
            self.method,
            path or self.path,
            stream=self.name,
            shop=shop,
            params=params,
            json=body if self.method != "GET" else None,
            check=check,
        )

    def pages(
        self,
        shop: Optional[Shop],
        params: Optional[Mapping[str, Any]] = None,
        body: Optional[Mapping[str, Any]] = None,
        page_token: Optional[str] = None,
        path: Optional[str] = None,
        runner: Optional[ReadRunner] = None,
        prefetch_first: bool = True,
        on_restart: Optional[Callable[[], None]] = None,
    ) -> Iterator[Tuple[List[MutableMapping[str, Any]], Mapping[str, Any], Optional[str]]]:
        """Walk a paginated list with fixed filters: yields (records, data, token of the NEXT page).

        The filters are built once by the caller and sent unchanged on every page; TikTok ties a
        page_token to the filters it was issued for. Every answer is checked against the walk so far
        before it is used (page_walk.py). While the caller works through one page, the next one is
        already being fetched (by the `runner`, when reads are concurrent), so waiting for TikTok overlaps with
        processing instead of adding to it. `prefetch_first=False` holds that back after the first page,
        for a caller that may abandon the walk once it has seen the first page's count.

        A page token TikTok refuses (36009004 "Invalid page_token", checkpointed or issued a moment ago)
        restarts the walk from its first page, at most MAX_WALK_RESTARTS times: the pages already
        yielded come again (`on_restart` lets a caller that collects them drop its copy).
        """
        where = f"{path or self.path}" + (f" for shop {shop.id}" if shop is not None else "")
        restarts = 0
        token = page_token
        while True:
            walk = PageWalk(self.list_key, self.page_size, self.record_key, token)

            def fetch(next_token: Optional[str], walk: PageWalk = walk) -> Mapping[str, Any]:
                query, payload = dict(params or {}), body
                paging: Dict[str, Any] = {} if self.page_size is None else {"page_size": self.page_size}
                if self.paging_in_body:
                    # The spec asks for "" as the first page's token of a body-paged search.
                    payload = {**(payload or {}), **paging, "page_token": next_token or ""}
                else:
                    query.update(paging)
                    if next_token:
                        query["page_token"] = next_token
                return self.request_data(shop, query, payload, path, check=walk.check)

            try:
                yield from self._walk(walk, fetch, token, runner, prefetch_first, where)
                return
            except PaginationResetRequiredException:
                restarts += 1
                if restarts > MAX_WALK_RESTARTS:
                    message = (
                        f"TikTok Shop refused its own page tokens for {where} {restarts} times in a row, even after "
                        f"reading the list again from its first page (page {walk.pages + 1} of the last walk). Nothing past "
                        "the last checkpoint is marked as read; the next sync starts from there. If this persists, report "
                        "it to TikTok Shop partner support."
                    )
                    raise refused(self.name, message) from None
                self.logger.info(
                    f"{self.name}: TikTok refused the page token of page {walk.pages + 1} of {where}; "
                    "reading the list again from its first page"
                )
                token = None
                if on_restart is not None:
                    on_restart()

    def _walk(
        self,
        walk: PageWalk,
        fetch: Callable[[Optional[str]], Mapping[str, Any]],
        token: Optional[str],
        runner: Optional[ReadRunner],
        prefetch_first: bool,
        where: str,
    ) -> Iterator[Tuple[List[MutableMapping[str, Any]], Mapping[str, Any], Optional[str]]]:
        data = fetch(token)
        first = True
        while True:
            records, next_token = walk.accept(data, where, self.name)
            prefetch = next_token and (prefetch_first or not first)
            ahead = runner.ahead(fetch, next_token) if runner is not None and prefetch else None
            first = False
            try:
                yield records, data, next_token
            except GeneratorExit:
                if ahead is not None:
                    ahead.cancel()  # a caller that stops early does not need the page ahead
                raise
            if not next_token:
                return
            data = ahead.result() if ahead is not None else fetch(next_token)

    @staticmethod
    def with_shop(record: MutableMapping[str, Any], shop: Shop) -> MutableMapping[str, Any]:
        record["shop_id"] = shop.id
        return record


class ShopListStream(ChildCalls, TikTokShopStream):
    """A shop-scoped list read whole on every sync (no cursor); as a child (children.py), one read
    through its parent's whole search."""

    static_params: ClassVar[Mapping[str, Any]] = {}
    # The JSON body of a POST list (None: no body), sent unchanged on every page.
    static_body: ClassVar[Optional[Mapping[str, Any]]] = None
    # A body filter whose absence may hide records (an enum the spec gives no default for): (field, values) reads
    # the list once per value, in this order, with `unique_parents` dropping a record a later walk meets again.
    # Listing the values in lifecycle order means a record that moves on between two walks is met in a later one.
    walk_each: ClassVar[Optional[Tuple[str, Tuple[str, ...]]]] = None
    # Product catalogue endpoints take a category tree version: US shops use v2, others v1
    # (GET /product/202309/categories, `category_version`).
    sends_category_version: ClassVar[bool] = False

    def request_params_for(self, shop: Shop) -> Dict[str, Any]:
        params = dict(self.static_params)
        if self.sends_category_version:
            params["category_version"] = "v2" if shop.region == "US" else "v1"
        return params

    def records_for_shop(self, reading: ShopReading) -> Iterable[MutableMapping[str, Any]]:
        shop, seen = reading.shop, set[str]()
        for page in self.search.search_pages(shop, reading.runner):
            for _, records in self.expand(shop, page, reading.runner, seen):
                for record in records:
                    yield self.with_shop(record, shop)

    def request_bodies(self) -> List[Optional[Mapping[str, Any]]]:
        """The body of each walk of the list: one, or one per value of `walk_each`."""
        if self.walk_each is None:
            return [self.static_body]
        field, values = self.walk_each
        return [{**(self.static_body or {}), field: value} for value in values]

    def search_pages(self, shop: Shop, runner: ReadRunner) -> Iterator[List[MutableMapping[str, Any]]]:
        """The pages of the whole list, as a parent table's pages (see children.py)."""
        params = self.request_params_for(shop)
        for body in self.request_bodies():
            for records, _, _ in self.pages(shop, params, body=body, runner=runner):
                yield records


class PerShopStateStream(TikTokShopStream, CheckpointMixin):
    """State kept per shop: {"shops": {<shop_id>: {...}}}, one shop never moving another's cursor."""

    def __init__(self, context: StreamContext) -> None:
        super().__init__(context)
        # What checkpoints report: per shop, the state that goes with the records emitted so far.
        # The runner installs each shop's state here as that shop's records are emitted.
        self._shop_states: Dict[str, MutableMapping[str, Any]] = {}

    @property
    def state(self) -> MutableMapping[str, Any]:
        # Called after every record, so a plain-JSON copy instead of copy.deepcopy (a third of the cost). A shop
        # skipped without a state of its own (not onboarded to FBT, say) is left out rather than shown as {}.
        skipped = self._skipped_shops
        return {"shops": {shop: _copy_json(state) for shop, state in self._shop_states.items() if state or shop not in skipped}}

    @state.setter
    def state(self, value: MutableMapping[str, Any]) -> None:
        self._shop_states = per_shop_states(self.name, value, self.check_shop_state)

    def check_shop_state(self, shop_id: str, shop_state: MutableMapping[str, Any]) -> Optional[str]:
        """What makes one shop's saved state unreadable, or None; may normalise it in place (subclasses)."""
        return None

    @property
    def state_checkpoint_interval(self) -> Optional[int]:
        # The in-memory state is safe at every record (it points at the page being read), so a
        # checkpoint every page's worth of records loses nothing when the sync is killed.
        return self.page_size or 100

    def shop_read(self, shop_id: str, sync_mode: SyncMode, runner: ReadRunner) -> ShopRead:
        if sync_mode != SyncMode.incremental:
            # A full refresh starts from scratch and leaves the stored state alone.
            return super().shop_read(shop_id, sync_mode, runner)
        # The read advances a copy; the runner installs it (or copies of it) as records are emitted.
        reading = ShopReading(self.shop_by_id(shop_id), sync_mode, copy.deepcopy(self._shop_states.get(shop_id, {})), runner)

        def install(installed: MutableMapping[str, Any]) -> None:
            self._shop_states[shop_id] = installed

        return ShopRead(shop_id, lambda: self.shop_records(reading), lambda: reading.state, install)


def _copy_json(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, scalars): what state is made of."""
    kind = type(value)
    if kind is dict:
        return {key: _copy_json(item) for key, item in value.items()}
    if kind is list:
        return [_copy_json(item) for item in value]
    return value
