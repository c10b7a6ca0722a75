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
import shutil
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
        self.env = env
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


REPLICATION_HBA_LINE = "host replication all 127.0.0.1/32 trust"
POSTGRES_BIN = Path("/usr/lib/postgresql")


class ReplicaUnavailable(Exception):
    """Why a streaming replica could not be started here (the test then says so)."""


def allow_local_replication() -> None:
    """Let the local server stream to 127.0.0.1 (the same line .ci/run adds), and reload it.

    Idempotent: the line is added once. Possible only where the test runs on the
    database server itself, as root or as its owner, as CI does.
    """
    import psycopg

    with psycopg.connect(postgres_url("postgres"), autocommit=True) as connection:
        hba = Path(connection.execute("SHOW hba_file").fetchone()[0])
        try:
            lines = hba.read_text().splitlines()
            if REPLICATION_HBA_LINE.split() not in [line.split() for line in lines]:
                hba.write_text("\n".join([*lines, REPLICATION_HBA_LINE, ""]))
        except OSError as error:
            raise ReplicaUnavailable(f"cannot add replication access to {hba}: {error}") from error
        connection.execute("SELECT pg_reload_conf()")


def _as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL program as the postgres user (the server refuses to run as root)."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


class StreamingReplica:
    """A hot standby of the local PostgreSQL server: pg_basebackup, then streaming replication.

    It runs as a second cluster on its own port from a temporary directory, and is
    stopped and deleted by ``stop()``.
    """

    def __init__(self, directory: Path):
        primary = settings.DATABASES["default"]
        if (primary.get("HOST") or "127.0.0.1") not in ("127.0.0.1", "localhost"):
            raise ReplicaUnavailable("the primary is not on this machine")
        versions = sorted(POSTGRES_BIN.glob("*/bin/pg_ctl"))
        if not versions:
            raise ReplicaUnavailable(f"no PostgreSQL server programs under {POSTGRES_BIN}")
        self.bin = versions[-1].parent
        self.port = free_port()
        self.directory = directory
        self.data = directory / "data"
        allow_local_replication()
        directory.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
        backup = _as_postgres(
            [
                str(self.bin / "pg_basebackup"),
                f"--host={primary.get('HOST') or '127.0.0.1'}",
                f"--port={primary.get('PORT') or 5432}",
                f"--username={primary['USER']}",
                f"--pgdata={self.data}",
                "--wal-method=stream",
                "--checkpoint=fast",
                "--write-recovery-conf",
            ],
            timeout=300,
        )
        if backup.returncode:
            raise ReplicaUnavailable(f"pg_basebackup failed: {backup.stderr.strip()}")
        self._configure()
        started = _as_postgres(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start"],
            timeout=120,
        )
        if started.returncode:
            raise ReplicaUnavailable(
                f"the standby did not start: {started.stderr.strip()} {self.log_text()}"
            )

    @property
    def log(self) -> Path:
        return self.directory / "replica.log"

    def log_text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def _configure(self) -> None:
        """Its own port and socket folder; the limits a hot standby must match on the primary."""
        import psycopg

        with psycopg.connect(postgres_url("postgres")) as connection:
            limits = {
                name: connection.execute(f"SHOW {name}").fetchone()[0]
                for name in (
                    "max_connections",
                    "max_worker_processes",
                    "max_wal_senders",
                    "max_prepared_transactions",
                    "max_locks_per_transaction",
                )
            }
        settings_lines = [
            f"port = {self.port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.directory}'",
            "hot_standby = on",
            "shared_buffers = 32MB",
            *(f"{name} = {value}" for name, value in limits.items()),
        ]
        (self.data / "postgresql.conf").write_text("\n".join(settings_lines) + "\n")
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        for name in ("postgresql.conf", "pg_hba.conf"):
            if os.geteuid() == 0:
                shutil.chown(self.data / name, "postgres", "postgres")

    def url(self, name: str) -> str:
        return postgres_url(name, port=self.port)

    def execute(self, sql: str):
        import psycopg

        with psycopg.connect(postgres_url("postgres", port=self.port), autocommit=True) as conn:
            return conn.execute(sql).fetchall()

    def wait_until_replayed(self, timeout: float = 60) -> None:
        """Until the standby has replayed everything the primary had written when called."""
        import psycopg

        with psycopg.connect(postgres_url("postgres"), autocommit=True) as connection:
            target = connection.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            caught_up = self.execute(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0][0]
            if caught_up:
                return
            time.sleep(0.2)
        raise AssertionError(f"the standby did not catch up in {timeout} s:\n{self.log_text()}")

    def stop(self) -> None:
        _as_postgres(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            timeout=60,
        )
        shutil.rmtree(self.directory, ignore_errors=True)
