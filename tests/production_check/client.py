"""A small HTTP client for loopback only: one connection per request (gunicorn's sync workers close them),
from a chosen source address of 127.0.0.0/8 so that the rate limit sees distinct clients."""

import html.parser
import http.client
import http.cookies
import json
import select
import socket
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

LOOPBACK = "127.0.0.1"


class ConnectionFailed(Exception):
    """No HTTP answer: refused, reset, timed out or malformed."""


@dataclass
class Response:
    status: int
    headers: dict  # lower-case names; a repeated header keeps its last value
    body: bytes
    seconds: float
    cookies: dict = field(default_factory=dict)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def header(self, name, default=""):
        return self.headers.get(name.lower(), default)


def check_loopback(address):
    if not address.startswith("127."):
        raise ValueError(f"the production check only talks to loopback addresses, not {address}")


def _read(connection, started):
    answer = connection.getresponse()
    body = answer.read()
    headers = {name.lower(): value for name, value in answer.getheaders()}
    cookies = {}
    for name, value in answer.getheaders():
        if name.lower() == "set-cookie":
            jar = http.cookies.SimpleCookie()
            jar.load(value)
            cookies.update({key: morsel.value for key, morsel in jar.items()})
    return Response(answer.status, headers, body, time.monotonic() - started, cookies)


def request(port, method, path, *, body=None, headers=None, source=LOOPBACK, timeout=30):
    """One request to 127.0.0.1:`port` from `source`; ConnectionFailed when no HTTP answer came back."""
    check_loopback(source)
    started = time.monotonic()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        return _read(connection, started)
    except (OSError, http.client.HTTPException) as error:
        raise ConnectionFailed(f"{method} {path}: {type(error).__name__}: {error}") from error
    finally:
        connection.close()


def staged_request(port, method, path, body, *, headers, split_at, between, source=LOOPBACK, timeout=30):
    """A request whose body is sent in two parts, `between()` running once the first part is out.

    The server's view is then running and waiting for the rest of the body: what `between()` does (stop
    the database) happens in the middle of the request.
    """
    check_loopback(source)
    started = time.monotonic()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout, source_address=(source, 0))
    try:
        connection.putrequest(method, path)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            connection.putheader(name, value)
        connection.endheaders()
        connection.send(body[:split_at])
        between()
        connection.send(body[split_at:])
        return _read(connection, started)
    except (OSError, http.client.HTTPException) as error:
        raise ConnectionFailed(f"{method} {path}: {type(error).__name__}: {error}") from error
    finally:
        connection.close()


def multipart(fields, files=()):
    """(body, content type) of a multipart/form-data request.

    `fields` maps names to a string or a list of strings; `files` are (field, file name, bytes, content type).
    """
    boundary = f"----production-check-{uuid.uuid4().hex}"
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, (list, tuple)) else [values]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content, content_type in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form_urlencoded(fields):
    return urlencode(fields, doseq=True).encode(), "application/x-www-form-urlencoded"


class _HiddenInputs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.values.setdefault(attributes["name"], attributes.get("value") or "")


def hidden_inputs(page):
    """{name: value} of the hidden inputs of an HTML page (the first one of each name)."""
    parser = _HiddenInputs()
    parser.feed(page)
    return parser.values


class SlowClient:
    """A slowloris on loopback, of one of three kinds:

    - "header": sends a request line and one header line every `every` seconds, never ending its headers;
    - "stalled body": sends complete headers announcing 1,000 bytes and 10 of them, then nothing;
    - "trickling body": the same headers, then one byte of the body every `every` seconds.

    `run(until, stop)` keeps it going until the server closes the connection, `until` (time.monotonic()) or
    `stop` is set; `closed_after` is then the seconds between its last byte and the server's close (None if
    the server kept it open).
    """

    KINDS = ("header", "stalled body", "trickling body")

    def __init__(self, port, kind, *, path="/", every=5.0, source=LOOPBACK):
        if kind not in self.KINDS:
            raise ValueError(kind)
        check_loopback(source)
        self.port, self.kind, self.path, self.every, self.source = port, kind, path, every, source
        self.sock = None
        self.opened_at = self.last_byte_at = self.closed_at = None
        self.answer = b""
        self.error = ""

    def open(self):
        self.sock = socket.create_connection((LOOPBACK, self.port), timeout=5, source_address=(self.source, 0))
        self.opened_at = time.monotonic()
        if self.kind == "header":
            self._send(f"GET {self.path} HTTP/1.1\r\nHost: {LOOPBACK}\r\n".encode())
        else:
            head = (
                f"POST {self.path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 1000\r\n\r\n"
            )
            self._send(head.encode() + (b"a=123456789" if self.kind == "stalled body" else b""))
        return self

    def _send(self, data):
        self.sock.sendall(data)
        self.last_byte_at = time.monotonic()

    def run(self, until, stop):
        lines = 0
        try:
            while not stop.is_set():
                wait = min(self.every, until - time.monotonic())
                if wait <= 0:
                    return
                readable, _writable, _errors = select.select([self.sock], [], [], wait)
                if readable:
                    try:
                        self.answer = self.sock.recv(4096)
                    except OSError:
                        self.answer = b""
                    self.closed_at = time.monotonic()
                    return
                lines += 1
                if self.kind == "header":
                    self._send(f"X-Lent-{lines}: {lines}\r\n".encode())
                elif self.kind == "trickling body":
                    self._send(b"b")
        except OSError as error:  # the server closed it between two sends
            self.closed_at = time.monotonic()
            self.error = str(error)
        finally:
            self.close()

    @property
    def closed_after(self):
        return None if self.closed_at is None else self.closed_at - self.last_byte_at

    @property
    def open_for(self):
        return (self.closed_at or time.monotonic()) - self.opened_at

    def close(self):
        if self.sock is not None:
            self.sock.close()
