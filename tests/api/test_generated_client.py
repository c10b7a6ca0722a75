"""A client generated from the live schema works as an outside developer would use it.

openapi-python-client (pinned in requirements-dev.txt) generates a package from the
schema a live server serves; ``client/read_briefs.py`` uses its plain ``Client`` (no
credentials: the operations declare no security) to page through briefs filtered by
two topics, read one brief, meet a problem+json 404 and read a CSV as text. mypy
(pinned) checks the script against the generated types with ``--strict``; then the
script runs against the server and prints what it read.
"""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.factories import BriefFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = Path(__file__).with_name("client") / "read_briefs.py"
BIN = Path(sys.executable).parent


def run(*command: str, cwd: Path) -> str:
    # The generator formats its output with ruff, which it finds on PATH.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def briefs(db):
    first, second, third = (TopicFactory(slug=slug) for slug in ("first", "second", "third"))
    for number, topic in enumerate([first, second, first, third, second]):
        BriefFactory(slug=f"brief-{number}", title=f"Brief number {number}").topics.add(topic)


def test_a_generated_client_type_checks_and_reads_the_briefs_of_a_live_server(
    live_server, briefs, tmp_path
):
    with urllib.request.urlopen(f"{live_server.url}/api/v1/schema/?format=json") as response:
        (tmp_path / "openapi.json").write_bytes(response.read())
    run(
        str(BIN / "openapi-python-client"),
        "generate",
        "--path",
        "openapi.json",
        "--meta",
        "none",
        "--output-path",
        "briefs_client",
        cwd=tmp_path,
    )
    (tmp_path / SCRIPT.name).write_text(SCRIPT.read_text())

    # The script is checked strictly against the generated types; errors inside the
    # generated package itself (its own template's) are the generator's to fix.
    checked = run(
        str(BIN / "mypy"),
        "--strict",
        "--follow-imports=silent",
        "--no-incremental",
        SCRIPT.name,
        cwd=tmp_path,
    )
    assert checked.startswith("Success: no issues found")

    lines = run(sys.executable, SCRIPT.name, live_server.url, cwd=tmp_path).splitlines()
    assert sorted(lines[0].split()) == ["brief-0", "brief-1", "brief-2", "brief-4"]
    assert lines[1] == "Brief number 0"
    assert lines[2] == "404 not_found"
    assert lines[3] == "id"
