"""Local emulator of the TikTok Shop Open API (202309+) for testing source-tiktok-shop.

Never shipped in the connector image. See `Sandbox` for the public API and README.md for the
endpoints, knobs and sandbox choices.

Layers, lowest first (a module imports only its own layer or lower; unit_tests/sandbox/test_sandbox_layout.py checks it):

1. `constants`, `ids`, `dates`, `money`, `errors`, `signing`, `ratelimit` - vocabulary and helpers.
2. `cores` (core facts of each stored record), `shop` (`Shop` and its `Table`s: records enter and indexes move only here).
3. `records/` - pure builders, core facts -> API dicts, one module per API area.
4. `generate` (draws new cores; the initial world), `mutations` (`sb.mutate.*`), `views` (`sb.data.*` and the
   id queries endpoints share), `dataset` (`sb.data`: lookups, memoized records and searches, knobs).
5. `pagination`, `faults`, `tokens`, `endpoints/` (one module per API group), `gateway`, `server` - serving.
6. `sandbox` (`Sandbox`), `__main__` (the CLI).

Adding an endpoint, in this order:

1. `records/<area>.py`: the builder, `def thing_record(ds, shop, core) -> dict`. Read cores, the shop and other
   records (`ds.order_record`, `ds.product_detail`); never write. Memoize costly records with
   `ds.cached((kind, id, version, ...), build)`.
2. `endpoints/<group>.py`: the handler (validate with `common.validate_body` / `enum_query` /
   `pagination.page_size`, page with `common.paged`) and its `Route(...)` in the module's `ROUTES`.
3. `views.py`: `sb.data.<table>` = the records exactly as the endpoint emits them, in its default order; an id
   query the handler and the view share goes in `Views` too (e.g. `unsettled_order_ids`).

That is all for an endpoint over what the sandbox already stores (orders, products, statements, ...). An endpoint
that brings a new kind of stored record also needs, in this order: its core class in `cores.py`, a `Table()` on
`Shop` in `shop.py`, a `new_<kind>` draw and a step at the END of `generate.populate` (its own seeded stream, so
every existing record stays byte-identical), and `sb.mutate.add_<kind>` / `update_<kind>` in `mutations.py`
(built from `_add`, `_pick`, `_advance`). A new API group also adds its module to `endpoints.MODULES` and its
scope to `tokens.GROUP_SCOPES`. Then document the endpoint in README.md and test it in unit_tests/sandbox/.
"""

from .sandbox import LoggedRequest, Sandbox

__all__ = ["Sandbox", "LoggedRequest"]
