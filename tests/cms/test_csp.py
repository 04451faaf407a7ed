"""The content security policy (cms/csp.py, django-csp): the public pages, the admin's allowances."""

import re

import pytest
from django.test import override_settings

from tests.test_production import production_setting


def test_the_policy_allows_the_media_host_and_the_headless_front_end():
    bucket = {"AWS_STORAGE_BUCKET_NAME": "plateforme", "AWS_S3_ENDPOINT_URL": "http://minio:9000"}
    directives = production_setting(
        "CONTENT_SECURITY_POLICY",
        **bucket,
        AWS_S3_CUSTOM_DOMAIN="media.plateforme.example/plateforme",
        HEADLESS_PREVIEW_URL="https://front.plateforme.example/apercu/",
    )["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:", "https://media.plateforme.example"]
    assert directives["media-src"] == ["'self'", "https://media.plateforme.example"]
    # compose.yaml: minio's published port over plain HTTP; without a custom domain, the endpoint itself.
    compose = {**bucket, "AWS_S3_CUSTOM_DOMAIN": "localhost:9000/plateforme", "AWS_S3_URL_PROTOCOL": "http:"}
    assert production_setting("MEDIA_HOSTS", **compose) == ["http://localhost:9000"]
    assert production_setting("MEDIA_HOSTS", **bucket) == ["http://minio:9000"]
    assert production_setting("MEDIA_HOSTS", AWS_STORAGE_BUCKET_NAME="plateforme", AWS_S3_REGION_NAME="eu-west-1") == [
        "https://plateforme.s3.amazonaws.com",
        "https://plateforme.s3.eu-west-1.amazonaws.com",
    ]
    assert directives["frame-src"] == [
        "'self'",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://front.plateforme.example",
    ]
    assert directives["frame-ancestors"] == ["'self'"]
    plain = production_setting("CONTENT_SECURITY_POLICY")["DIRECTIVES"]
    assert plain["img-src"] == ["'self'", "data:"]
    assert plain["frame-src"] == ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_and_a_cached_page_keeps_its_policy(client, site_tree):
    with override_settings(PAGE_CACHE_SECONDS=600):
        first = client.get("/")
        cached = client.get("/")
    assert cached["X-Page-Cache"] == "HIT"
    policy = first["Content-Security-Policy"]
    assert cached["Content-Security-Policy"] == policy
    assert re.search(r"(^|; )script-src 'self'(;|$)", policy)
    assert "'unsafe-inline'" not in policy and "nonce" not in policy
    assert "img-src 'self' data:" in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy
    # Every script of the page is a file of the site (JSON-LD is data, which no policy runs).
    scripts = re.findall(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", cached.content.decode(), re.S)
    assert scripts
    for attributes, body in scripts:
        assert "src=" in attributes or 'type="application/ld+json"' in attributes, (attributes, body)


@pytest.mark.django_db
def test_the_admin_allows_its_inline_scripts_and_styles(client, admin_user):
    client.force_login(admin_user)
    policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


# The headers of a plain answer are built once (cms/csp.py), and are django-csp's own.


def _through_middleware(request, response):
    from cms.csp import PlatformCSPMiddleware

    middleware = PlatformCSPMiddleware(lambda request: response)
    middleware.process_request(request)
    return middleware.process_response(request, response)


def _django_csp_headers(request, response):
    from csp.middleware import CSPMiddleware

    middleware = CSPMiddleware(lambda request: response)
    middleware.process_request(request)
    built = middleware.process_response(request, response)
    return {
        name: built[name]
        for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
        if name in built
    }


def _headers(response):
    return {
        name: response[name]
        for name in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
        if name in response
    }


def test_a_plain_answer_gets_django_csps_own_policy_again_and_again(rf):
    from django.http import HttpResponse

    expected = _django_csp_headers(rf.get("/"), HttpResponse())
    assert expected["Content-Security-Policy"]
    for _ in range(2):
        assert _headers(_through_middleware(rf.get("/boite-a-outils/"), HttpResponse("page"))) == expected


def test_a_changed_policy_setting_is_used_at_the_next_answer(rf, settings):
    from django.http import HttpResponse

    _through_middleware(rf.get("/"), HttpResponse())
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert _through_middleware(rf.get("/"), HttpResponse())["Content-Security-Policy"] == "default-src 'none'"


def test_an_answer_with_its_own_update_or_a_nonce_is_built_by_django_csp(rf):
    from django.http import HttpResponse

    updated = HttpResponse()
    updated._csp_update = {"img-src": ["https://images.example"]}
    assert "https://images.example" in _through_middleware(rf.get("/"), updated)["Content-Security-Policy"]
    plain = _through_middleware(rf.get("/"), HttpResponse())
    assert "https://images.example" not in plain["Content-Security-Policy"]


def test_an_answer_whose_page_used_a_nonce_gets_it_and_the_next_does_not(rf, settings):
    from csp.constants import NONCE
    from django.http import HttpResponse

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}
    request = rf.get("/")
    response = HttpResponse()
    from cms.csp import PlatformCSPMiddleware

    middleware = PlatformCSPMiddleware(lambda request: response)
    middleware.process_request(request)
    nonce = str(request.csp_nonce)  # what a template asking for it does
    assert f"'nonce-{nonce}'" in middleware.process_response(request, response)["Content-Security-Policy"]
    assert nonce not in _through_middleware(rf.get("/"), HttpResponse())["Content-Security-Policy"]
