"""A transport adapter that bounds a whole request, not each socket read.

`requests` applies its read timeout to every single socket read. A server (or a proxy in front of
it) that sends the headers and then drips the body a byte at a time resets that clock with each
byte, so the request never times out and the sync hangs with it. `DeadlineHTTPAdapter` reads the
body itself and gives up once the whole exchange has taken longer than its deadline, raising the
same `ReadTimeout` that callers already retry on.
"""

from __future__ import annotations

import math
import time
from typing import Any, List, Optional
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.exceptions import ChunkedEncodingError, ContentDecodingError, ReadTimeout
from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import SSLError as RequestsSSLError
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import SSLError as Urllib3SSLError

READ_CHUNK_BYTES = 256 * 1024
# settimeout(0) would switch the socket to non-blocking mode, which http.client does not expect.
_SMALLEST_SOCKET_TIMEOUT = 0.001


def mount_for_api_hosts(session: requests.Session, adapter: HTTPAdapter) -> None:
    """`adapter` for every URL the connector may call: TikTok's hosts over HTTPS, and a test server on the same machine,
    which config.py lets `api_base_url` / `auth_base_url` reach over plain HTTP (loopback hosts only)."""
    session.mount("https://", adapter)
    session.mount("http://", adapter)  # ignore-https-check: loopback only, see config.py's LOCAL_HOSTS


class DeadlineHTTPAdapter(HTTPAdapter):
    def __init__(self, deadline_seconds: float, **adapter_kwargs: Any) -> None:
        if not deadline_seconds > 0:
            raise ValueError(f"deadline_seconds must be positive, got {deadline_seconds!r}")
        self.deadline_seconds = float(deadline_seconds)
        super().__init__(**adapter_kwargs)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        if stream:
            # The caller reads the body at its own pace; a deadline here would cut it off.
            return super().send(request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies)
        deadline_at = time.monotonic() + self.deadline_seconds
        response = super().send(request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies)
        try:
            response._content = _read_body(response, deadline_at)
        except _DeadlinePassed:
            response.close()
            raise ReadTimeout(self._late_message(request), request=request, response=None) from None
        except BaseException:
            response.close()
            raise
        response._content_consumed = True
        return response

    def _late_message(self, request: requests.PreparedRequest) -> str:
        # Host and path only: the query string carries the request signature and app key.
        parts = urlsplit(request.url or "")
        host = parts.hostname or "the server"
        if parts.port:
            host = f"{host}:{parts.port}"
        return (
            f"{host}{parts.path} did not finish sending its answer within {self.deadline_seconds:g} s "
            "(the body arrived too slowly); giving up on this attempt."
        )


class _DeadlinePassed(Exception):
    pass


def _read_body(response: requests.Response, deadline_at: float) -> bytes:
    raw = response.raw
    if not hasattr(raw, "read1"):
        return _read_body_checking_between_chunks(raw, deadline_at)
    chunks: List[bytes] = []
    read_timeout: Optional[float] = None
    seen_socket = False
    while True:
        remaining = deadline_at - time.monotonic()
        sock = _socket_of(raw)
        capped = False
        if sock is not None:
            # Each read may wait only until the deadline, so a silent server cannot overrun it by a
            # whole read timeout. urllib3 sets the socket timeout afresh on the connection's next use.
            if not seen_socket:
                read_timeout, seen_socket = sock.gettimeout(), True
            ceiling = math.inf if read_timeout is None else read_timeout
            wait = min(ceiling, max(remaining, _SMALLEST_SOCKET_TIMEOUT))
            capped = wait < ceiling
            sock.settimeout(wait)
        elif remaining <= 0:
            raise _DeadlinePassed()
        try:
            # read1 returns what one socket read brings; read()/stream() would wait for a full chunk
            # and so never look at the clock while a body trickles in.
            chunk = raw.read1(READ_CHUNK_BYTES, decode_content=True)
        except ReadTimeoutError as exc:
            if capped:
                raise _DeadlinePassed() from exc
            raise RequestsConnectionError(exc) from exc
        except (ProtocolError, DecodeError, Urllib3SSLError) as exc:
            raise _as_requests_error(exc) from exc
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _read_body_checking_between_chunks(raw: Any, deadline_at: float) -> bytes:
    # A urllib3 without read1 (1.26, early 2.x): the clock can only be looked at between full chunks.
    chunks: List[bytes] = []
    try:
        for chunk in raw.stream(READ_CHUNK_BYTES, decode_content=True):
            chunks.append(chunk)
            if time.monotonic() > deadline_at and not raw.closed:
                raise _DeadlinePassed()
    except (ProtocolError, DecodeError, ReadTimeoutError, Urllib3SSLError) as exc:
        raise _as_requests_error(exc) from exc
    return b"".join(chunks)


def _as_requests_error(exc: Exception) -> Exception:
    # The same translation as requests.models.Response.iter_content, so callers' except clauses
    # see what they would see without this adapter.
    if isinstance(exc, ProtocolError):
        return ChunkedEncodingError(exc)
    if isinstance(exc, DecodeError):
        return ContentDecodingError(exc)
    if isinstance(exc, ReadTimeoutError):
        return RequestsConnectionError(exc)
    return RequestsSSLError(exc)


def _socket_of(raw: Any) -> Any:
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None or not hasattr(sock, "settimeout") or not hasattr(sock, "gettimeout"):
        return None
    return sock
