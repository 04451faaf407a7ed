"""moto's standalone S3 server for the S3 tests (tests/cms/s3/), and what they read back from the bucket."""

import os
import socket
import time
import urllib.error
import urllib.request

import boto3

from cms.s3 import s3_storages

REGION = "eu-west-1"
CREDENTIALS = {"access_key": "plateforme-test", "secret_key": "plateforme-test-secret"}
EXPIRY = 300


# --- The S3 server --------------------------------------------------------------------------------------------


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port():
    """A free port of STORAGE_TEST_PORTS ("first-last") when set, else one the system gives."""
    span = os.environ.get("STORAGE_TEST_PORTS", "")
    if span:
        first, last = (int(part) for part in span.split("-"))
        for port in range(first, last + 1):
            if port_is_free(port):
                return port
        raise RuntimeError(f"no free port in {span}")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port():
    """A port of 127.0.0.1 on which nothing listens (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto's server stopped at start (exit code {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("moto's server did not listen in time")


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"],
    )


def storages_for(bucket, endpoint):
    from django.conf import settings

    return {
        **settings.STORAGES,
        **s3_storages(
            bucket=bucket,
            endpoint_url=endpoint,
            region=REGION,
            private_expiry=EXPIRY,
            connect_timeout=1,
            read_timeout=5,
            **CREDENTIALS,
        ),
    }


class Bucket:
    def __init__(self, name, endpoint):
        self.name = name
        self.endpoint = endpoint
        self.client = s3_client(endpoint)

    def keys(self, prefix=""):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def plain_url(self, key):
        return f"{self.endpoint}/{self.name}/{key}"


def anonymous_get(url):
    """(status, body) of a plain HTTP GET, with no credentials."""
    status, _headers, body = anonymous_get_with_headers(url)
    return status, body


def anonymous_get_with_headers(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - http URLs of the test server
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def key_of(storage_location, name):
    return f"{storage_location}/{name}"


def text_of(response):
    import html

    return html.unescape(response.content.decode())


def get_image_model():
    from wagtail.images import get_image_model

    return get_image_model()
