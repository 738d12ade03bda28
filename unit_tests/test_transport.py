"""DeadlineHTTPAdapter against a real local HTTP server: whole bodies, trickled bodies, gzip, cut-short bodies."""

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from source_tiktok_shop.transport import DeadlineHTTPAdapter

DRIP_BYTES = 100
PAYLOAD = {"code": 0, "message": "Success", "data": {"orders": [{"id": str(i)} for i in range(50)]}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _headers(self, length, **extra):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in extra.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()

    def do_GET(self):
        path = self.path.split("?")[0]
        body = json.dumps(PAYLOAD).encode()
        if path == "/json":
            self._headers(len(body))
            self.wfile.write(body)
        elif path == "/drip":
            # 100 bytes, one every 0.2 s: 20 s for the whole body, each byte well within any read timeout.
            self._headers(DRIP_BYTES)
            sent = 0
            try:
                for _ in range(DRIP_BYTES):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    sent += 1
                    if self.server.stop.wait(0.2):
                        break
            except OSError:
                pass  # the client gave up and closed the socket
            self.close_connection = True
            self.server.drips[self.path] = sent
            self.server.drip_ended.set()
        elif path == "/gzip":
            packed = gzip.compress(body)
            self._headers(len(packed), Content_Encoding="gzip")
            self.wfile.write(packed)
        elif path == "/short":
            self._headers(len(body) + 500)
            self.wfile.write(body[:40])
            self.wfile.flush()
            self.close_connection = True
        elif path == "/chunked":
            self._headers(None, Transfer_Encoding="chunked")
            for part in (body[:30], body[30:]):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/chunked-short":
            self._headers(None, Transfer_Encoding="chunked")
            self.wfile.write(b"%x\r\n%s" % (len(body), body[:20]))  # promises more than it sends
            self.wfile.flush()
            self.close_connection = True


@pytest.fixture(scope="module")
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.stop = threading.Event()
    server.drips, server.drip_ended = {}, threading.Event()  # bytes each /drip request got out before it ended
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def base_url(local_server):
    return f"http://127.0.0.1:{local_server.server_address[1]}"


def session(deadline=1.0):
    s = requests.Session()
    s.mount("http://", DeadlineHTTPAdapter(deadline, pool_connections=2, pool_maxsize=2))
    return s


def test_a_whole_json_body_comes_back_as_an_ordinary_response(base_url):
    with session() as s:
        response = s.get(base_url + "/json", timeout=(2, 5))
        assert response.status_code == 200
        assert response.json() == PAYLOAD
        # Not a streamed response: the body is already in memory and can be read twice.
        assert response.content == response.content == json.dumps(PAYLOAD).encode()
        # The connection went back to the pool and is reused for the next call.
        assert s.get(base_url + "/json", timeout=(2, 5)).json() == PAYLOAD


def test_a_body_that_trickles_in_times_out_at_the_deadline_not_never(local_server, base_url):
    path = "/drip?sign=secret-signature-value"
    local_server.drip_ended.clear()
    with session(deadline=1.0) as s:
        with pytest.raises(requests.exceptions.ReadTimeout) as raised:
            s.get(base_url + path, timeout=(2, 5))
    # The client hung up in the middle of the body: no read timeout could have fired (a byte every 0.2 s),
    # only the deadline on the whole answer.
    assert local_server.drip_ended.wait(30), "the server never saw the client hang up"
    assert 0 < local_server.drips[path] < DRIP_BYTES, local_server.drips
    message = str(raised.value)
    assert "within 1 s" in message and "127.0.0.1" in message and "/drip" in message
    assert "secret-signature-value" not in message and "sign=" not in message


def test_a_gzip_body_is_decoded(base_url):
    with session() as s:
        response = s.get(base_url + "/gzip", timeout=(2, 5))
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.json() == PAYLOAD


def test_a_chunked_body_is_joined(base_url):
    with session() as s:
        assert s.get(base_url + "/chunked", timeout=(2, 5)).json() == PAYLOAD


@pytest.mark.parametrize("path", ["/short", "/chunked-short"])
def test_a_body_cut_short_raises_the_requests_exception_it_would_without_the_adapter(base_url, path):
    with requests.Session() as plain, pytest.raises(requests.RequestException) as without:
        plain.get(base_url + path, timeout=(2, 5))
    with session() as s, pytest.raises(requests.RequestException) as with_adapter:
        s.get(base_url + path, timeout=(2, 5))
    assert type(with_adapter.value) is type(without.value)
    assert isinstance(with_adapter.value, requests.exceptions.ChunkedEncodingError)


def test_a_caller_that_streams_gets_the_body_untouched(base_url):
    with session(deadline=0.5) as s:
        response = s.get(base_url + "/drip", timeout=(2, 5), stream=True)
        first = next(response.iter_content(1))
        response.close()
    assert first == b"x"
