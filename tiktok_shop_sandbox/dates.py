"""Epoch and date helpers."""

from __future__ import annotations

import calendar
import datetime as _dt

from .constants import DAY

EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


def iso(epoch: int) -> str:
    return _dt.datetime.fromtimestamp(epoch, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_start(epoch: int) -> int:
    return epoch - epoch % DAY


def parse_anchor(anchor) -> int:
    """The dataset's "now" from epoch seconds, an ISO-8601 string or a datetime."""
    if isinstance(anchor, str):
        return int(calendar.timegm(_dt.datetime.fromisoformat(anchor.replace("Z", "+00:00")).utctimetuple()))
    if isinstance(anchor, _dt.datetime):
        return int(anchor.timestamp())
    return int(anchor)
