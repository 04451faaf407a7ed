"""The reference of the site benchmark: a bare WSGI "hello" app, no Django, no middleware, 5 bytes.

Served by its own gunicorn with the same workers as the site (tests/bench/site.py), it measures what the server,
the loopback and wrk cost by themselves: every figure of `make bench-site` is a ratio to it (issue 17).
"""

BODY = b"hello"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY))), ("Cache-Control", "no-cache")]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
