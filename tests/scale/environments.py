"""Real environments for the scale-out tests: fresh databases, manage.py, gunicorn, moto.

Everything here runs outside the test process, as production does: a database
made and migrated by ``manage.py migrate``, app servers started as ``gunicorn``
processes with production settings (DEBUG off), object storage served by moto's
S3 server. Ports come from ``TEST_SERVER_PORTS`` ("18300-18349") when set, so
parallel runs on a shared machine keep to their own range; otherwise the system
picks free ones.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    """A port nothing listens on, from TEST_SERVER_PORTS if set."""
    spec = os.environ.get("TEST_SERVER_PORTS", "")
    candidates = range(int(spec.split("-")[0]), int(spec.split("-")[1]) + 1) if spec else [0]
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"No free port in TEST_SERVER_PORTS={spec}.")


def primary_is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def postgres_url(name: str, *, port=None) -> str:
    """A URL for database `name` on the test run's PostgreSQL server (or on `port`)."""
    primary = settings.DATABASES["default"]
    password = f":{primary['PASSWORD']}" if primary.get("PASSWORD") else ""
    host = primary.get("HOST") or "127.0.0.1"
    port = port or primary.get("PORT") or 5432
    return f"postgres://{primary['USER']}{password}@{host}:{port}/{name}"


def postgres_admin(sql: str, *, port=None) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE) on the server."""
    import psycopg

    with psycopg.connect(postgres_url("postgres", port=port), autocommit=True) as connection:
        connection.execute(sql)


def production_env(**overrides) -> dict:
    """The environment of a production process: DEBUG off, a secret key, no test settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_", "REDIS_", "MEDIA_", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: cookies must travel without TLS here.
        DJANGO_SECURE_COOKIES="0",
        PYTHONPATH=str(BASE_DIR),
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(*args: str, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr}"
    return result


@contextlib.contextmanager
def fresh_database(tmp_path: Path, hint: str):
    """The URL of a new, migrated database like the test run's own (SQLite or PostgreSQL),
    dropped afterwards."""
    if primary_is_postgres():
        name = f"scale_{hint}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
        postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        postgres_admin(f'CREATE DATABASE "{name}"')
        url = postgres_url(name)
    else:
        name = None
        url = f"sqlite:///{tmp_path / f'{hint}.sqlite3'}"
    try:
        manage("migrate", "--noinput", "-v0", env=production_env(DATABASE_URL=url))
        yield url
    finally:
        if name:
            postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class AppServer:
    """One gunicorn process serving the site with production settings on loopback."""

    def __init__(self, env: dict, *, log_path: Path, workers: int = 1, threads: int = 4):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "site_config.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                f"--threads={threads}",
                "--timeout=60",
                "--no-control-socket",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()}")
            try:
                urllib.request.urlopen(f"{self.url}/robots.txt", timeout=5)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer in {timeout} s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
