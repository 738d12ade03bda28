"""What a success answer must hold before it is read: anything else is refused, never read as empty.

TikTok can answer `code: 0` with a body that is not what the operation returns: `data` null, the
list missing on a middle page, a page token that is not a string. Reading such an answer as "no
records" or "last page" ends a walk early while the cursor moves on, so the records behind it are
lost for good. Instead such an answer is refused like a 5xx: the error handler asks the CDK to retry
it (bounded by `max_retries`), and once retries run out the read stops with an error that names the
endpoint, the shop and what was wrong, before any checkpoint claims the unread records.

The check for the call in progress travels in a context variable, set by the client around one
`HttpClient.send_request`: the CDK's error handler sees only the response, and this lets the CDK's
own retry loop (attempt count, backoff, exhaustion) serve malformed answers too. Each thread has
its own context, so concurrent calls never see each other's checks.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Mapping, Optional

from airbyte_cdk.models import FailureType, StreamDescriptor
from airbyte_cdk.utils import AirbyteTracedException

# Given the envelope's `data` (already known to be a JSON object): None, or what is wrong with it.
DataCheck = Callable[[Mapping[str, Any]], Optional[str]]

_expected: contextvars.ContextVar[Optional[DataCheck]] = contextvars.ContextVar("tiktok_expected_answer", default=None)
# Whether the call in progress reads a missing or null `data` as "nothing" (see `expecting`).
_no_data_ok: contextvars.ContextVar[bool] = contextvars.ContextVar("tiktok_no_data_ok", default=False)


@contextmanager
def expecting(check: Optional[DataCheck], no_data_ok: bool = False) -> Iterator[None]:
    """Answers received inside this block must pass `check` (and always: `data` is an object, unless
    `no_data_ok`: for operations whose documented answer may be an empty `data`, such as
    GET /fbt/202409/merchants/onboarded_regions for a seller not onboarded to FBT)."""
    handle, no_data = _expected.set(check), _no_data_ok.set(no_data_ok)
    try:
        yield
    finally:
        _expected.reset(handle)
        _no_data_ok.reset(no_data)


def problem_with(envelope: Mapping[str, Any]) -> Optional[str]:
    """Why a `code: 0` envelope cannot be read by the call in progress, or None when it can."""
    if envelope.get("data") is None and _no_data_ok.get():
        return None
    if "data" not in envelope:
        return "no `data` object"
    data = envelope["data"]
    if not isinstance(data, dict):
        return f"`data` is {json_kind(data)}, not an object"
    check = _expected.get()
    return check(data) if check is not None else None


def requires_fields(*names: str) -> DataCheck:
    """A check for a single-object answer (a detail call): these fields must be there and not null."""

    def check(data: Mapping[str, Any]) -> Optional[str]:
        missing = [name for name in names if data.get(name) in (None, "")]
        return f"`data` has no {', '.join(f'`{name}`' for name in missing)}" if missing else None

    return check


def requires_object(name: str) -> DataCheck:
    """A check for a detail answer whose record is nested in `data.<name>`."""

    def check(data: Mapping[str, Any]) -> Optional[str]:
        value = data.get(name)
        if isinstance(value, dict) and value:
            return None
        return f"`data.{name}` is {'an empty object' if value == {} else json_kind(value)}, where the record was expected"

    return check


def json_kind(value: Any) -> str:
    """How a value reads in JSON terms, for messages: `null`, `a string`, `a list`..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def refused(stream: str, message: str) -> AirbyteTracedException:
    """The error that stops a table on what TikTok sent: a system_error, with the message shown as it is."""
    return AirbyteTracedException(
        message=message,
        internal_message=message,
        failure_type=FailureType.system_error,
        stream_descriptor=StreamDescriptor(name=stream),
    )
