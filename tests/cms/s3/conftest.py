"""The S3 tests' fixtures: moto's server for the session, its bucket, the STORAGES on it (up or down), content."""

import os
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings

from pages.contributions.drafts import MODERATORS_GROUP
from tests.cms.s3.server import REGION, Bucket, closed_port, free_port, s3_client, storages_for, wait_until_listening
from tests.pages.contribution_helpers import build_contribution_tree


@pytest.fixture(scope="session")
def moto_endpoint():
    port = free_port()
    environment = {**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}
    process = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def bucket(moto_endpoint):
    name = f"plateforme-test-{uuid.uuid4().hex[:12]}"
    s3_client(moto_endpoint).create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


@pytest.fixture
def s3(bucket, moto_endpoint):
    """STORAGES on the moto bucket for this test; yields a helper to look into the bucket."""
    with override_settings(STORAGES=storages_for(bucket, moto_endpoint)):
        yield Bucket(bucket, moto_endpoint)


@pytest.fixture
def s3_down(bucket, moto_endpoint):
    """STORAGES on an S3 endpoint where nothing listens; the real bucket stays reachable to check it."""
    with override_settings(STORAGES=storages_for(bucket, f"http://127.0.0.1:{closed_port()}")):
        yield Bucket(bucket, moto_endpoint)


# --- Content ----------------------------------------------------------------------------------------------------


@pytest.fixture
def tree(db, private_media):
    return build_contribution_tree()


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("moderatrice", "moderatrice@astrac.be", "x")
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return user
