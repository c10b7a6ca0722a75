"""Several stateless app servers over one PostgreSQL, one Redis and object storage.

Each app server is a real gunicorn process with production settings (DEBUG off) on
loopback, talked to over HTTP as a browser would. Object storage is moto's S3
server (the usual stand-in for S3 in tests), started by the test. The read-replica
test starts a real streaming replica of the local PostgreSQL server, a second
cluster made with pg_basebackup; where that cannot be done it skips and says why,
and the replica-alias test still shows reads going through a replica alias.

These tests need PostgreSQL and Redis (DATABASE_URL and REDIS_URL, as in CI's
second run); on SQLite they skip.
"""

import io
import json
import re
import secrets
import tempfile
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from PIL import Image

from tests.workflow.conftest import form_data

from .environments import (
    AppServer,
    ReplicaUnavailable,
    StreamingReplica,
    free_port,
    fresh_database,
    manage,
    postgres_url,
    primary_is_postgres,
    production_env,
)

pytestmark = pytest.mark.skipif(
    not (primary_is_postgres() and settings.REDIS_URL),
    reason="several app servers need PostgreSQL and Redis (set DATABASE_URL and REDIS_URL)",
)

ADMIN_USERNAME = "chief"
ADMIN_PASSWORD = secrets.token_urlsafe(16)
BUCKET = "briefs-media"


@pytest.fixture(scope="module")
def object_storage():
    """moto's S3 server on loopback, with a bucket whose objects anyone may read."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    credentials = {"AWS_ACCESS_KEY_ID": "moto-test", "AWS_SECRET_ACCESS_KEY": "moto-test"}
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(Bucket=BUCKET)
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    yield {
        "client": s3,
        "endpoint": endpoint,
        "env": {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            **credentials,
        },
    }
    server.stop()


@pytest.fixture(scope="module")
def site_database(tmp_path_factory):
    """A migrated database with a superuser, static files collected as a deployment does,
    and the env to reach them."""
    with fresh_database(tmp_path_factory.mktemp("site"), "site") as url:
        env = production_env(
            DATABASE_URL=url,
            REDIS_URL=settings.REDIS_URL,
            CACHE_KEY_PREFIX=f"scale-test-{secrets.token_hex(4)}",
            DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
        )
        manage(
            "createsuperuser",
            "--noinput",
            f"--username={ADMIN_USERNAME}",
            "--email=chief@example.org",
            env=env,
        )
        manage("collectstatic", "--noinput", "-v0", env=env)
        yield {"url": url, "env": env}


def create_draft(env: dict, slug: str) -> int:
    """A draft brief written straight to the database, as an importer would; returns its id."""
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from briefs.models import Brief; "
        f"print(Brief.objects.create(title='Brief {slug}', slug='{slug}', "
        "summary='Written to test several app servers.', body='One database, many servers.').pk)",
        env=env,
    )
    return int(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def two_app_servers(site_database, object_storage, tmp_path_factory):
    logs = tmp_path_factory.mktemp("logs")
    env = {
        **site_database["env"],
        **object_storage["env"],
        "DJANGO_MEDIA_ROOT": str(tmp_path_factory.mktemp("local-media")),
    }
    first = AppServer(env, log_path=logs / "first.log")
    try:
        second = AppServer(env, log_path=logs / "second.log")
    except Exception:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()


def signed_in(server: AppServer) -> requests.Session:
    """A browser session signed in to the admin through `server`'s login form."""
    session = requests.Session()
    login_url = f"{server.url}/admin/login/"
    page = session.get(login_url, timeout=30)
    assert page.status_code == 200
    response = session.post(
        login_url,
        data={
            "csrfmiddlewaretoken": form_data(page.text, "login-form")["csrfmiddlewaretoken"],
            "username": ADMIN_USERNAME,
            "password": ADMIN_PASSWORD,
            "next": "/admin/",
        },
        timeout=30,
    )
    assert response.status_code == 200 and "Log out" in response.text, response.text[:500]
    return session


def publish_through_admin(session: requests.Session, server: AppServer, brief_id: int) -> None:
    """Tick the brief on the admin's brief list and run "Publish selected briefs"."""
    changelist = f"{server.url}/admin/briefs/brief/"
    page = session.get(changelist, timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        changelist,
        data={
            "csrfmiddlewaretoken": token,
            "action": "publish_selected",
            "_selected_action": str(brief_id),
            "index": "0",
        },
        timeout=30,
    )
    assert response.status_code == 200
    assert "Published or scheduled 1 brief(s)." in response.text


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 600), (30, 80, 150)).save(out, format="JPEG", quality=85)
    return out.getvalue()


def test_a_brief_published_through_one_app_server_is_live_on_the_other(two_app_servers):
    first, second = two_app_servers
    brief_id = create_draft(first.env, "published-on-first")
    path = "/briefs/published-on-first/"
    assert requests.get(second.url + path, timeout=30).status_code == 404

    publish_through_admin(signed_in(first), first, brief_id)

    page = requests.get(second.url + path, timeout=30)
    assert page.status_code == 200
    assert "Brief published-on-first" in page.text


def test_a_login_through_one_app_server_is_valid_on_the_other(two_app_servers):
    first, second = two_app_servers
    session = signed_in(first)
    page = session.get(f"{second.url}/admin/", timeout=30)
    assert page.status_code == 200
    assert "Log out" in page.text


def test_media_uploaded_through_one_app_server_is_served_from_object_storage(
    two_app_servers, object_storage
):
    first, second = two_app_servers
    brief_id = create_draft(first.env, "with-a-hero-image")
    session = signed_in(first)
    change_url = f"{first.url}/admin/briefs/brief/{brief_id}/change/"
    fields = form_data(session.get(change_url, timeout=30).text, "brief_form")
    fields.update({"hero_alt": "A blue test card", "hero_credit": "Made by the test, CC0"})
    response = session.post(
        change_url,
        data=fields,
        files={"hero_image": ("hero.jpg", jpeg_bytes(), "image/jpeg")},
        timeout=60,
    )
    assert response.status_code == 200 and "errornote" not in response.text, response.text[:2000]
    publish_through_admin(session, first, brief_id)

    page = requests.get(f"{second.url}/briefs/with-a-hero-image/", timeout=30)
    assert page.status_code == 200
    image_urls = re.findall(r'<img[^>]+src="([^"]+)"', page.text)
    assert image_urls, "the brief page shows no image"
    storage = object_storage["endpoint"]
    assert all(url.startswith(f"{storage}/{BUCKET}/briefs/hero/") for url in image_urls)
    # The page's policy lets the browser load images from the bucket.
    assert storage in page.headers["Content-Security-Policy"]
    image = requests.get(image_urls[0], timeout=30)
    assert image.status_code == 200
    assert Image.open(io.BytesIO(image.content)).size[0] > 0
    stored = object_storage["client"].list_objects_v2(Bucket=BUCKET)["Contents"]
    names = {item["Key"] for item in stored}
    assert any(name.startswith("briefs/hero/renditions/") for name in names)
    # Nothing was written to the app servers' own disk.
    assert not any(Path(first.env["DJANGO_MEDIA_ROOT"]).rglob("*"))


@pytest.fixture(scope="module")
def streaming_replica():
    directory = Path(tempfile.mkdtemp(prefix="briefs-replica-"))
    try:
        replica = StreamingReplica(directory)
    except ReplicaUnavailable as error:
        pytest.skip(f"no streaming replica could be started here ({error}); see the alias test")
    yield replica
    replica.stop()


def test_public_reads_come_from_a_streaming_replica_and_staff_reads_from_the_primary(
    site_database, streaming_replica, tmp_path
):
    name = site_database["url"].rsplit("/", 1)[1]
    env = {**site_database["env"], "DATABASE_REPLICA_URLS": streaming_replica.url(name)}
    brief_id = create_draft(env, "read-from-the-replica")
    server = AppServer(env, log_path=tmp_path / "replica-server.log")
    try:
        path = f"{server.url}/briefs/read-from-the-replica/"
        editor = signed_in(server)
        streaming_replica.wait_until_replayed()
        # Hold the replica a moment behind, as under load, while the brief is published.
        streaming_replica.execute("SELECT pg_wal_replay_pause()")
        try:
            publish_through_admin(editor, server, brief_id)
            assert requests.get(path, timeout=30).status_code == 404  # the replica: a draft
            assert editor.get(path, timeout=30).status_code == 200  # staff: the primary
        finally:
            streaming_replica.execute("SELECT pg_wal_replay_resume()")
        streaming_replica.wait_until_replayed()
        assert requests.get(path, timeout=30).status_code == 200
    finally:
        server.stop()


def test_public_reads_go_through_a_replica_alias_and_skip_a_dead_replica(site_database, tmp_path):
    """The fallback where no standby can run: a second alias of the same server, named
    by its application_name, next to a replica that cannot be reached."""
    dead = f"postgres://postgres@127.0.0.1:{free_port()}/nowhere?connect_timeout=2"
    alias = f"{site_database['url']}?application_name=briefs-replica-alias"
    env = {**site_database["env"], "DATABASE_REPLICA_URLS": f"{dead},{alias}"}
    create_draft(env, "draft-only")
    server = AppServer(env, log_path=tmp_path / "alias-server.log")
    try:
        for _ in range(3):
            assert requests.get(f"{server.url}/briefs/", timeout=30).status_code == 200
        name = site_database["url"].rsplit("/", 1)[1]
        deadline = time.monotonic() + 10
        seen = []
        while time.monotonic() < deadline and not seen:
            # Connections stay open (DATABASE_CONN_MAX_AGE): the alias's is there to see.
            seen = postgres_rows(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND application_name = 'briefs-replica-alias'",
                name,
            )
            seen = [row for row in seen if row[0]]
        assert seen, "no connection through the replica alias"
        assert "is unreachable" in server.log_path.read_text()
    finally:
        server.stop()


def postgres_rows(sql: str, *params):
    import psycopg

    with psycopg.connect(postgres_url("postgres"), autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()
