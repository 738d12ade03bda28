"""Saved state, checked on the way in: unreadable state is a config error naming the table, and
values that cannot be right (a cursor after now, a resume window outside the range to read) are
clamped with one warning, so that no table stalls on a state it can never get past.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, Mapping, MutableMapping, Optional

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException

# How far after this sync's own clock a saved instant may lie before it is taken as wrong: the
# clocks of the machines that ran earlier syncs may have been somewhat ahead.
FUTURE_ALLOWANCE_SECONDS = 3600


def unreadable_state(stream: str, problem: str) -> AirbyteTracedException:
    message = (
        f"The saved state of table `{stream}` cannot be read: {problem}. It was not written by this version of the "
        f"connector, or was edited by hand. Clear this table's state (in Airbyte: the connection's settings, "
        f"clear data for the `{stream}` stream) and sync again."
    )
    return AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error)


def shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def per_shop_states(
    stream: str, value: Any, check_shop: Callable[[str, MutableMapping[str, Any]], Optional[str]]
) -> Dict[str, MutableMapping[str, Any]]:
    """The {"shops": {<shop_id>: {...}}} state of a table as a dict of shop states, or a config error."""
    if not value:
        return {}
    if not isinstance(value, Mapping):
        raise unreadable_state(stream, f"it is {type(value).__name__}, not an object")
    unknown = sorted(str(key) for key in value if key != "shops")
    if unknown:
        raise unreadable_state(
            stream, f"it has {', '.join(f'`{shown(k)}`' for k in unknown[:5])} where only `shops` (one state per shop) is expected"
        )
    shops = value.get("shops") or {}
    if not isinstance(shops, Mapping):
        raise unreadable_state(stream, "`shops` is not an object of per-shop states")
    states: Dict[str, MutableMapping[str, Any]] = {}
    for shop_id, shop_state in shops.items():
        if not isinstance(shop_state, Mapping):
            raise unreadable_state(stream, f"the state of shop {shown(shop_id)} is not an object")
        state = dict(shop_state)
        problem = check_shop(str(shop_id), state)
        if problem:
            raise unreadable_state(stream, f"shop {shown(shop_id)}: {problem}")
        states[str(shop_id)] = state
    return states


def epoch(value: Any) -> Optional[int]:
    """A saved Unix time in seconds: an integer, or its digits as a string; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def instant(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(min(max(seconds, 0), 253402300799)))
