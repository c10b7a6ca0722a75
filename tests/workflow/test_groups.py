"""The data migration creates the three newsroom groups with exactly these permissions."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

ENTITIES = [
    "aimodel", "bloc", "country", "event", "indicator", "indicatoredition", "keyfigure",
    "membership", "organization", "person", "ranking", "role", "source", "topic",
]  # fmt: skip
CITATIONS = {
    "add_briefcitation",
    "change_briefcitation",
    "delete_briefcitation",
    "view_briefcitation",
}
CONTRIBUTOR = (
    {"add_brief", "change_brief", "view_brief", "add_alias", "view_alias"}
    | CITATIONS
    | {f"{action}_{model}" for model in ENTITIES for action in ("add", "view")}
)
EDITOR = (
    CONTRIBUTOR
    | {"edit_any_brief", "view_auditevent", "view_slugredirect"}
    | {"change_alias", "delete_alias", "import_data", "view_importbatch"}
    | {f"change_{model}" for model in ENTITIES}
)
PUBLISHER = (
    EDITOR
    | {"publish_brief", "delete_brief", "delete_slugredirect"}
    | {f"delete_{model}" for model in ENTITIES}
)


def codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


@pytest.mark.parametrize(
    ("group_name", "expected"),
    [("Contributor", CONTRIBUTOR), ("Editor", EDITOR), ("Publisher", PUBLISHER)],
)
def test_each_group_has_exactly_its_permissions(group_name, expected):
    assert codenames(group_name) == expected


def test_only_publishers_may_publish_or_delete_briefs():
    holders = {
        name
        for name in ("Contributor", "Editor", "Publisher")
        if {"publish_brief", "delete_brief"} & codenames(name)
    }
    assert holders == {"Publisher"}
