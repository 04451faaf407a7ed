"""Media on an S3-compatible object store (django-storages), when cms/settings/base.py finds AWS_STORAGE_BUCKET_NAME.

Two storages in one bucket:

- ``default`` (location ``media/``): public media, i.e. Wagtail images, their renditions and the documents of
  collections without a view restriction. Objects are ``public-read`` and their URLs are plain (no signature),
  on AWS_S3_CUSTOM_DOMAIN when it is set (a CDN or the bucket's public host name).
- ``private`` (location ``private/``): contributions' files and the documents of restricted collections
  (person-to-person dossiers). Objects are ``private``; their URLs are signed and expire after
  AWS_PRIVATE_URL_EXPIRY seconds, and the application hands them out only after its own permission check.
  Never on the custom domain: django-storages would make that URL unsigned.

A store that is down must fail fast (the public forms answer 503 at once rather than holding a worker): short
connect and read timeouts, no retries.

Imported by the settings: no Django model, no storage instance here (cms/storage.py holds those).
"""

S3_BACKEND = "storages.backends.s3.S3Storage"
PUBLIC_LOCATION = "media"
PRIVATE_LOCATION = "private"


def s3_client_config(*, endpoint_url=None, connect_timeout=2, read_timeout=10):
    from botocore.config import Config

    return Config(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"total_max_attempts": 1, "mode": "standard"},
        signature_version="s3v4",
        # S3-compatible servers (minio, moto…) answer on one host name: path-style addressing.
        s3={"addressing_style": "path" if endpoint_url else "auto"},
    )


def s3_storages(
    *,
    bucket,
    endpoint_url=None,
    region=None,
    access_key=None,
    secret_key=None,
    custom_domain=None,
    url_protocol="https:",
    public_acl="public-read",
    private_expiry=300,
    connect_timeout=2,
    read_timeout=10,
):
    """The ``default`` and ``private`` entries of STORAGES for one bucket."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        # Two uploads named « dossier.pdf » are two objects: never overwrite silently.
        "file_overwrite": False,
        "client_config": s3_client_config(
            endpoint_url=endpoint_url, connect_timeout=connect_timeout, read_timeout=read_timeout
        ),
    }
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "location": PUBLIC_LOCATION,
                "default_acl": public_acl or None,
                "querystring_auth": False,
                "custom_domain": custom_domain or None,
                "url_protocol": url_protocol or "https:",
            },
        },
        "private": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "location": PRIVATE_LOCATION,
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": private_expiry,
                "custom_domain": None,
            },
        },
    }


def s3_storages_from_env(env):
    """The ``default`` and ``private`` entries of STORAGES from the AWS_* variables (AWS_STORAGE_BUCKET_NAME set)."""
    return s3_storages(
        bucket=env("AWS_STORAGE_BUCKET_NAME"),
        endpoint_url=env("AWS_S3_ENDPOINT_URL", default=""),
        region=env("AWS_S3_REGION_NAME", default=""),
        access_key=env("AWS_ACCESS_KEY_ID", default=""),
        secret_key=env("AWS_SECRET_ACCESS_KEY", default=""),
        custom_domain=env("AWS_S3_CUSTOM_DOMAIN", default=""),
        url_protocol=env("AWS_S3_URL_PROTOCOL", default="https:"),
        public_acl=env("AWS_DEFAULT_ACL", default="public-read"),
        private_expiry=env.int("AWS_PRIVATE_URL_EXPIRY", default=300),
        connect_timeout=env.float("AWS_S3_CONNECT_TIMEOUT", default=2),
        read_timeout=env.float("AWS_S3_READ_TIMEOUT", default=10),
    )


def signed_url(storage, name, *, expire, **response_headers):
    """A signed URL of `name` in an S3 storage, valid `expire` seconds, at which S3 answers with
    `response_headers` (ResponseContentDisposition, ResponseContentType…). S3 applies those to signed requests
    only: a public object gets a signed URL too (on the endpoint, not on AWS_S3_CUSTOM_DOMAIN)."""
    from storages.utils import clean_name

    parameters = {
        "Bucket": storage.bucket_name,
        "Key": storage._normalize_name(clean_name(name)),  # the location prefix, as S3Storage.url() does
        **response_headers,
    }
    return storage.bucket.meta.client.generate_presigned_url("get_object", Params=parameters, ExpiresIn=expire)
