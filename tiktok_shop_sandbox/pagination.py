"""Cursor pagination: page_size validation and opaque page tokens.

A token is standard base64 (so it contains '+', '/' and '=' and must be URL-encoded on
the wire but signed decoded) of an 8-byte offset followed by a digest of the request's
filters and sort. Reusing a token with different filters is rejected: no API page says what happens
(UNVERIFIED), so the sandbox takes the strict reading.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
from typing import Any, Mapping

from . import errors

_DIGEST_LEN = 24


def fingerprint(*parts: Any) -> bytes:
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")
    return hashlib.sha256(blob).digest()[:_DIGEST_LEN]


def encode_token(offset: int, fp: bytes) -> str:
    return base64.b64encode(struct.pack(">Q", offset) + fp).decode("ascii")


def decode_token(token: str, fp: bytes) -> int:
    try:
        raw = base64.b64decode(token.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise errors.invalid(errors.MSG_INVALID_PAGE_TOKEN) from None
    if len(raw) != 8 + _DIGEST_LEN or raw[8:] != fp:
        raise errors.invalid(errors.MSG_INVALID_PAGE_TOKEN)
    return struct.unpack(">Q", raw[:8])[0]


def page_size(query: Mapping[str, str], *, required: bool, default: int | None = None, lo: int = 1, hi: int = 100) -> int:
    raw = query.get("page_size")
    if raw is None or raw == "":
        if required:
            raise errors.invalid("Invalid parameter. `page_size` is a required field and has not been provided.")
        return default  # type: ignore[return-value]
    try:
        value = int(raw)
    except ValueError:
        raise errors.invalid(f"Invalid parameter. `page_size` must be an integer; got {raw!r}.") from None
    if not lo <= value <= hi:
        raise errors.invalid(f"Invalid parameter. `page_size` must be in the range [{lo}-{hi}]; got {value}.")
    return value


def start_offset(query: Mapping[str, str], fp: bytes) -> int:
    token = query.get("page_token")
    if not token:
        return 0
    return decode_token(token, fp)


def page_fields(total: int, offset: int, size: int, fp: bytes, omit_last: bool) -> tuple[int, int, dict]:
    """(start, end, {next_page_token?}) for a slice of `total` ordered results."""
    start = min(offset, total)
    end = min(start + size, total)
    if end < total:
        return start, end, {"next_page_token": encode_token(end, fp)}
    return start, end, ({} if omit_last else {"next_page_token": ""})
