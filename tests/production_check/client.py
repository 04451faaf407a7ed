"""A small HTTP client for loopback only: one connection per request (gunicorn's sync workers close them),
from a chosen source address of 127.0.0.0/8 so that the rate limit sees distinct clients."""

import html.parser
import http.client
import http.cookies
import json
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
