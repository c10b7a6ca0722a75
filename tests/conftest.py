import pytest

from tests.factories import StaffFactory


@pytest.fixture
def editor(db):
    return StaffFactory(username="test-editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
