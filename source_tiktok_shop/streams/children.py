"""Tables read through the pages of a search: product details, settlements per order, transactions
per statement, stock per batch of products. One mechanism for all of them.

A table declares
- `parent`: the table whose search it walks (None: its own, as product details expand product search);
- `parents_per_call`: parent records one call takes (1: a call per record; inventory takes 100 ids);
- `child_records(shop, parents, runner)`: that call, returning the table's records for those parents;
- `checkpoint_each_parent`: whether a checkpoint may fall between two parents of one page (for
  parents with many records each, such as statements), not only between pages;
- `unique_parents`: whether a parent seen before in the same read is skipped (full-refresh reads,
  where a record that moves between windows would otherwise be read twice).
The base classes walk the parent's pages (for incremental tables, its windows, page tokens and
state: incremental.py), fan the calls out over the read's runner and emit the results in parent
order, so that a checkpoint stays exactly as safe as in a one-call-at-a-time read.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar, Iterator, List, MutableMapping, Optional, Set, Tuple

from ..client import Shop
from ..page_walk import as_key
from ..runner import ReadRunner

Records = List[MutableMapping[str, Any]]


class ChildCalls:
    parent: ClassVar[Optional[type]] = None
    parents_per_call: ClassVar[int] = 1
    checkpoint_each_parent: ClassVar[bool] = False
    unique_parents: ClassVar[bool] = False
    _context: Any
    record_key: Optional[str]

    @cached_property
    def search(self) -> Any:
        """The table whose search pages this one walks: an instance of `parent`, or this table itself."""
        return self.parent(self._context) if self.parent is not None else self

    @property
    def calls_children(self) -> bool:
        return type(self).child_records is not ChildCalls.child_records

    def child_records(self, shop: Shop, parents: Records, runner: ReadRunner) -> Records:
        """The records of these parents (subclasses); by default the parents are the records."""
        return parents

    def parent_key(self, parent: MutableMapping[str, Any]) -> Optional[str]:
        key = self.search.record_key
        return as_key(parent.get(key)) if key is not None else None

    def expand(self, shop: Shop, parents: Records, runner: ReadRunner, skip: Set[str]) -> Iterator[Tuple[Records, Records]]:
        """(parents, their records) for one page of parents, in page order, call by call.

        Parents whose key is in `skip` are left out (already read; with `unique_parents`, every key
        read is added to it).
        """
        if skip or self.unique_parents:
            wanted = []
            for parent in parents:
                key = self.parent_key(parent)
                if key is not None and key in skip:
                    continue
                if self.unique_parents and key is not None:
                    skip.add(key)
                wanted.append(parent)
            parents = wanted
        if not self.calls_children:
            yield parents, parents
            return
        size = max(1, self.parents_per_call)
        batches = [parents[offset : offset + size] for offset in range(0, len(parents), size)]
        yield from runner.map_ordered(lambda batch: (batch, self.child_records(shop, batch, runner)), batches)
