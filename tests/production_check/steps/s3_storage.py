"""Step 4: S3-compatible storage (moto)."""

from urllib.parse import quote

from tests.production_check import load
from tests.production_check.client import request
from tests.production_check.context import describe, get, is_french_json_503, json_of
from tests.production_check.processes import MotoServer
from tests.production_check.steps.outages import pdf_bytes, post_resource_with_file
from tests.production_check.submissions import min_fill_wait, prepare_all

# --- 4. S3-compatible storage (moto) ----------------------------------------------------------------------------


S3_REGION = "eu-west-1"
S3_BUCKET = "plateforme-check"


def s3_client(endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=S3_REGION,
        aws_access_key_id="check",
        aws_secret_access_key="check",
    )


def s3_private_keys(endpoint):
    listing = s3_client(endpoint).list_objects_v2(Bucket=S3_BUCKET, Prefix="private/")
    return sorted(item["Key"] for item in listing.get("Contents", []))


def s3_storage(run, port):
    """The production server with its media on an S3-compatible store (moto's server): a contribution's file goes
    to the private location, out of anonymous reach; with the store down, a French 503 and nothing stored."""
    report, args = run.report, run.args
    endpoint = f"http://127.0.0.1:{args.s3_port}"
    report.step(f"4. Media on S3 (moto's server at {endpoint}), then the store down during an upload")
    moto = MotoServer(args.s3_port, run.workdir / "moto.log")
    run.servers.append(moto)
    moto.start()
    s3_client(endpoint).create_bucket(Bucket=S3_BUCKET, CreateBucketConfiguration={"LocationConstraint": S3_REGION})
    overrides = {
        "AWS_STORAGE_BUCKET_NAME": S3_BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": S3_REGION,
        "AWS_ACCESS_KEY_ID": "check",
        "AWS_SECRET_ACCESS_KEY": "check",
        "AWS_S3_URL_PROTOCOL": "http:",
    }
    web = run.server("s3", port, **overrides)
    web.start()
    try:
        response = get(port, "/readyz/")
        report.check(response.status == 200, "/readyz/ 200 with the storage on S3", describe(response))
        marker = f"{run.marker}-s3"
        plan = [
            load.PlannedSubmission(number, 0, "127.0.0.240", "api", f"Contrôle de production {marker} n°{number}")
            for number in range(2)
        ]
        stored, refused = prepare_all(port, plan)
        min_fill_wait()
        document = pdf_bytes()
        response = post_resource_with_file(port, run, stored, marker, document, stored.planned.source)
        report.check(response.status == 201, "a contribution with a PDF accepted (201)", describe(response))
        keys = s3_private_keys(endpoint)
        report.check(
            len(keys) == 1 and keys[0].endswith(".pdf"), "its file is in the bucket's private location", str(keys)
        )
        if keys:
            anonymous = request(args.s3_port, "GET", f"/{S3_BUCKET}/{quote(keys[0])}")
            report.check(anonymous.status == 403, "its plain URL is refused to anyone (403)", describe(anonymous))
        report.check(
            run.stored_titles(f"%{marker} n°0") == [stored.planned.title], "the contribution is stored", marker
        )

        moto.stop()
        response = post_resource_with_file(port, run, refused, marker, document, refused.planned.source)
        report.check(
            is_french_json_503(response), "the store down during an upload: French JSON 503", describe(response)
        )
        report.check(run.stored_titles(f"%{marker} n°1") == [], "and no contribution row is left", marker)
        response = get(port, "/readyz/")
        report.check(
            response.status == 503 and "stockage" in (json_of(response) or {}).get("message", ""),
            "/readyz/ 503 naming the storage",
            describe(response),
        )
    finally:
        web.stop()
        moto.stop()
