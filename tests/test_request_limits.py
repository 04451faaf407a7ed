"""Upload and request limits answered in French (cms/middleware.py), by Django's test client and by real servers
(runserver, the production gunicorn)."""

import contextlib
import html
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings

from tests.pages.contribution_helpers import build_contribution_tree, contribution_data
from tests.test_production import (
    BASE_DIR,
    dockerfile_instruction,
    free_port,
    production_setting,
    run_python,
)

MB = 1024 * 1024


def test_upload_limits_are_consistent():
    assert production_setting("WAGTAILDOCS_MAX_UPLOAD_SIZE") == 20 * MB
    assert production_setting("WAGTAILIMAGES_MAX_UPLOAD_SIZE") == 10 * MB
    assert production_setting("DATA_UPLOAD_MAX_MEMORY_SIZE") == 5 * MB
    assert production_setting("FILE_UPLOAD_MAX_MEMORY_SIZE") == 2_621_440
    # The biggest upload a form accepts (a contribution's files together) and its form fields.
    assert production_setting("REQUEST_MAX_BODY_SIZE") == 50 * MB + 5 * MB
    assert production_setting("REQUEST_MAX_BODY_SIZE", DOCUMENT_MAX_UPLOAD_SIZE=str(80 * MB)) == 85 * MB
    assert production_setting("SEARCH_EXTRACTION_MAX_BYTES", DOCUMENT_MAX_UPLOAD_SIZE=str(30 * MB)) == 30 * MB


def test_a_contribution_file_cannot_be_bigger_than_a_document():
    with pytest.raises(AssertionError, match="CONTRIBUTION_MAX_FILE_SIZE cannot exceed DOCUMENT_MAX_UPLOAD_SIZE"):
        run_python(
            "import cms.settings.base",
            CONTRIBUTION_MAX_FILE_SIZE=str(30 * MB),
            DOCUMENT_MAX_UPLOAD_SIZE=str(20 * MB),
        )


@pytest.mark.django_db
@override_settings(REQUEST_MAX_BODY_SIZE=64 * 1024)
def test_a_too_large_upload_gets_a_french_413_before_it_is_read(client, private_media):
    tree = build_contribution_tree()
    data = contribution_data(themes=[tree.theme["autres"]])
    data["files"] = [_upload("Canevas.pdf", b"%PDF-1.4\n" + b"0" * 100 * 1024)]
    response = client.post("/contribuer/", data)
    assert response.status_code == 413
    assert "Connection" not in response  # hop-by-hop: the server's to set (see the servers' test below)
    text = html.unescape(response.content.decode())
    assert '<h1 class="error-page__title">Envoi trop volumineux</h1>' in text
    assert "L'envoi est trop volumineux : 64,0\xa0Kio au maximum par envoi." in text
    assert not list(private_media.rglob("*.pdf"))

    api = client.post("/api/v2/contributions/", b"{}" + b" " * 70 * 1024, content_type="application/json")
    assert api.status_code == 413
    assert api.json() == {"message": "L'envoi est trop volumineux : 64,0\xa0Kio au maximum par envoi."}


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=4096)
def test_too_much_form_text_gets_a_french_400_not_a_500(client, private_media):
    tree = build_contribution_tree()
    data = contribution_data(themes=[tree.theme["autres"]], description="Très long texte. " * 1000)
    response = client.post("/contribuer/", data)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert '<h1 class="error-page__title">Requête invalide</h1>' in text
    assert "Votre envoi n'a pas été enregistré." in text


@contextlib.contextmanager
def runserver():
    """`manage.py runserver`'s server (Django's threaded wsgiref server and handler) in this process; its port."""
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.daemon_threads = True
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def gunicorn():
    """The Dockerfile's gunicorn command (one worker) with the test settings, on a free port; its port."""
    port = free_port()
    environ = {
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(  # noqa: S603 - the Dockerfile's own command
        ["/bin/sh", "-c", "exec " + dockerfile_instruction("CMD")[2].replace("0.0.0.0", "127.0.0.1")],  # noqa: S104
        cwd=BASE_DIR,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(240):  # until the worker has loaded the application
            assert process.poll() is None, "gunicorn stopped"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=10).close()
                break
            except OSError:
                time.sleep(0.25)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def declare_a_huge_body(port, path):
    """POST `path` declaring 10 GB and sending none of it: (status, content type, text, closed by the server)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {10 * 1024**3}\r\n\r\n"
        )
        sock.sendall(head.encode())
        response = http.client.HTTPResponse(sock)
        response.begin()
        text = response.read().decode()
        sock.settimeout(5)
        try:
            closed = sock.recv(1) == b""
        except TimeoutError:
            closed = False
        return response.status, response.getheader("Content-Type"), html.unescape(text), closed


@pytest.mark.parametrize("server", [runserver, gunicorn], ids=["runserver", "gunicorn"])
def test_a_declared_oversized_body_gets_the_french_413_from_a_real_server(server):
    """wsgiref (runserver) refuses hop-by-hop headers such as `Connection: close` with a 500: none is set.
    gunicorn closes the connection itself, without reading the 10 GB."""
    with server() as port:
        status, content_type, text, closed = declare_a_huge_body(port, "/contribuer/")
        assert status == 413
        assert content_type.startswith("text/html")
        assert '<h1 class="error-page__title">Envoi trop volumineux</h1>' in text
        status, content_type, text, _closed = declare_a_huge_body(port, "/api/v2/contributions/")
        assert (status, content_type) == (413, "application/json")
        assert json.loads(text)["message"].startswith("L'envoi est trop volumineux : ")
    if server is gunicorn:
        assert closed


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


# Error reporting --------------------------------------------------------------------------------------
