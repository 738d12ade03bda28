"""A proxy between the connector and the sandbox that rewrites the answers a test names.

Everything else passes through unchanged, so the connector talks to the real sandbox (signing,
tokens, page tokens bound to filters) and meets a hostile TikTok only where a rule says so. A rule
matches requests by path (and optionally by a predicate on the query); it can rewrite the decoded
JSON envelope, replace the whole answer, answer by itself without asking the sandbox, or send the
answer one byte at a time. Rules apply to `times` matching answers after skipping the first
`skip`; `hits` counts what each rule did. Loopback only; every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

FOREVER = 10**9
DRIP_LIMIT_SECONDS = 60.0  # a dripped answer gives up after this long, whether or not the client has


@dataclass
class Seen:
    """A request as the proxy saw it."""

    method: str
    path: str
    query: Dict[str, str]
    body: bytes


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes


# (envelope, request) -> the new envelope (dict), or a whole Answer.
Change = Callable[[Dict[str, Any], Seen], Any]
# request -> an Answer, given without asking the sandbox.
Reply = Callable[[Seen], Answer]


@dataclass
class Rule:
    path: str
    change: Optional[Change] = None
    reply: Optional[Reply] = None
    drip_seconds: Optional[float] = None  # pause between bytes: an answer dripped slowly
    when: Optional[Callable[[Seen], bool]] = None
    skip: int = 0
    times: int = 1
    matched: int = 0
    hits: int = 0
    _pattern: re.Pattern = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._pattern = re.compile(self.path)

    def claims(self, seen: Seen) -> bool:
        """Whether this rule acts on this request (counting it); called under the proxy's lock."""
        if not self._pattern.search(seen.path) or (self.when is not None and not self.when(seen)):
            return False
        self.matched += 1
        if self.matched <= self.skip or self.hits >= self.times:
            return False
        self.hits += 1
        return True


def middle_page(seen: Seen) -> bool:
    """A request for a page after the first one of its walk."""
    return bool(seen.query.get("page_token"))


def first_page(seen: Seen) -> bool:
    return not seen.query.get("page_token")


class HostileProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        self._upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._lock = threading.Lock()
        self.rules: List[Rule] = []
        self.seen: List[Seen] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                seen = Seen(self.command, parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)), body)
                rule = proxy._claim(seen)
                if rule is not None and rule.reply is not None:
                    answer = rule.reply(seen)
                    self._send(answer.status, {"Content-Type": answer.content_type}, answer.body)
                    return
                status, headers, raw = proxy._forward(self.command, self.path, dict(self.headers), body)
                if rule is not None and rule.change is not None:
                    changed = rule.change(json.loads(raw), seen)
                    if isinstance(changed, Answer):
                        status, headers, raw = changed.status, {"Content-Type": changed.content_type}, changed.body
                    else:
                        raw = json.dumps(changed).encode()
                if rule is not None and rule.drip_seconds is not None:
                    self._drip(status, headers, raw, rule.drip_seconds)
                    return
                self._send(status, headers, raw)

            def _headers(self, status: int, headers: Dict[str, str], length: int) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(length))
                self.end_headers()

            def _send(self, status: int, headers: Dict[str, str], raw: bytes) -> None:
                self._headers(status, headers, len(raw))
                self.wfile.write(raw)

            def _drip(self, status: int, headers: Dict[str, str], raw: bytes, pause: float) -> None:
                self._headers(status, headers, len(raw))
                self.wfile.flush()
                give_up = time.monotonic() + DRIP_LIMIT_SECONDS
                try:
                    for index in range(len(raw)):
                        if time.monotonic() > give_up:
                            break
                        self.wfile.write(raw[index : index + 1])
                        self.wfile.flush()
                        time.sleep(pause)
                except OSError:
                    pass  # the client gave up on the answer: what the rule is there to provoke
                self.close_connection = True

            do_GET = do_POST = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add(self, rule: Rule) -> Rule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def _claim(self, seen: Seen) -> Optional[Rule]:
        with self._lock:
            self.seen.append(seen)
            for rule in self.rules:
                if rule.claims(seen):
                    return rule
        return None

    def _forward(self, method: str, target: str, headers: Dict[str, str], body: bytes) -> Tuple[int, Dict[str, str], bytes]:
        connection = http.client.HTTPConnection(*self._upstream, timeout=30)
        try:
            sent = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection", "accept-encoding")}
            connection.request(method, target, body=body or None, headers=sent)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def start(self) -> "HostileProxy":
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "HostileProxy":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
