"""The rules one walk over a paginated list keeps, so that no answer can end it early or run it forever.

A walk is the chain of pages of one search with fixed filters: page 1, then the page each
`next_page_token` points at. Every page answer is checked against the walk so far before any of
its records is used (`check`, run inside the CDK's retry loop, see answers.py):
- the list is a list of objects, each with its key;
- the next page token is a string, and not one this walk has already used (a repeated token would
  re-read the same page for ever);
- an answer that leaves the list out (TikTok may omit an empty list) or gives no next page token
  (TikTok ends walks with "" or by omitting the key; which one is not settled) is the end of the
  walk only where it is consistent with it: no next token, and `total_count`, where the endpoint
  gives one, not claiming records this walk has not read. A full page without a next token while
  `total_count` says more is refused as a cut answer.
Accepted pages (`accept`) then bound the walk: more than MAX_STALLED_PAGES pages in a row that bring
no new record but still point at a next page stop it with an error.
"""

from __future__ import annotations

from typing import Any, List, Mapping, MutableMapping, Optional, Set, Tuple

from .answers import json_kind, refused

# Pages in a row with a next page token but no record this walk has not seen. A real walk has none
# (TikTok pages hold at least one record until the last); a few allow for records that move between
# pages while the walk runs.
MAX_STALLED_PAGES = 5


def as_key(value: Any) -> Optional[str]:
    """A record key as text: strings as they are, integers (ids TikTok sends as numbers) as digits."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def total_of(data: Mapping[str, Any]) -> Optional[int]:
    total = data.get("total_count")
    return total if isinstance(total, int) and not isinstance(total, bool) and total >= 0 else None


class PageWalk:
    def __init__(self, list_key: str, page_size: Optional[int], record_key: Optional[str], first_token: Optional[str]) -> None:
        self.list_key = list_key
        self.page_size = page_size
        # An endpoint without pagination: one answer, whatever it says of next pages.
        self.paginated = page_size is not None
        self.record_key = record_key
        self.pages = 0
        self.delivered = 0
        self._used_tokens: Set[str] = {first_token} if first_token else set()
        self._seen_keys: Set[str] = set()
        self._stalled = 0
        # A walk resumed from a checkpoint has not seen the records before its first page.
        self._resumed = first_token is not None

    # ---- one answer ------------------------------------------------------------------------------

    def check(self, data: Mapping[str, Any]) -> Optional[str]:
        """What makes this page answer unreadable as the next page of the walk, or None."""
        raw_token = data.get("next_page_token") if self.paginated else None
        if raw_token is not None and not isinstance(raw_token, str):
            return f"`next_page_token` is {json_kind(raw_token)}, not a string"
        next_token = raw_token or None
        if next_token is not None and next_token in self._used_tokens:
            return "`next_page_token` repeats a page token this walk has already used"
        records = data.get(self.list_key)
        total = None if self._resumed else total_of(data)
        if records is None:
            if next_token is not None:
                return f"`data.{self.list_key}` is {'null' if self.list_key in data else 'missing'}, but a next page follows"
            if total is not None and total > self.delivered:
                return f"`data.{self.list_key}` is missing, but `total_count` is {total} and {self.delivered} record(s) have been read"
            return None
        if not isinstance(records, list):
            return f"`data.{self.list_key}` is {json_kind(records)}, not a list"
        for index, record in enumerate(records):
            if not isinstance(record, dict):
                return f"element {index} of `data.{self.list_key}` is {json_kind(record)}, not an object"
            if self.record_key is not None and as_key(record.get(self.record_key)) is None:
                got = json_kind(record.get(self.record_key))
                return f"element {index} of `data.{self.list_key}` has no usable `{self.record_key}` (got {got})"
        if (
            next_token is None
            and self.page_size is not None
            and len(records) >= self.page_size
            and total is not None
            and self.delivered + len(records) < total
        ):
            return (
                f"a full page of {len(records)} record(s) without `next_page_token`, but `total_count` is {total} "
                f"and {self.delivered + len(records)} record(s) have been read"
            )
        return None

    def accept(self, data: Mapping[str, Any], where: str, stream: str) -> Tuple[List[MutableMapping[str, Any]], Optional[str]]:
        """The records and next token of a checked page; stops a walk that no longer makes progress."""
        records: List[MutableMapping[str, Any]] = list(data.get(self.list_key) or [])
        next_token = (data.get("next_page_token") or None) if self.paginated else None
        self.pages += 1
        self.delivered += len(records)
        if next_token is not None:
            self._used_tokens.add(next_token)
        fresh = len(records)
        if self.record_key is not None:
            keys = {key for record in records if (key := as_key(record.get(self.record_key))) is not None}
            fresh = len(keys - self._seen_keys)
            self._seen_keys |= keys
        self._stalled = self._stalled + 1 if (next_token is not None and fresh == 0) else 0
        if self._stalled > MAX_STALLED_PAGES:
            message = (
                f"TikTok Shop sent {self._stalled} pages in a row of {where} with no new record but a next page token each "
                f"time (page {self.pages} of the walk). The connector stopped here rather than walk on for ever; nothing past "
                "the last checkpoint is marked as read, so the next sync starts from there. If this persists, report it to "
                "TikTok Shop partner support."
            )
            raise refused(stream, message)
        return records, next_token
