"""The newsroom's three roles, with exact permissions.

Contributor: drafts briefs (the admin limits editing to their own drafts) and
adds sources and entities. Editor: edits any brief and entity, moves briefs to
review, reads the audit trail. Publisher: everything an editor does, plus
publishing, scheduling, withdrawing and deleting.

The permissions are created here rather than left to ``post_migrate`` so the
groups get them on a fresh database too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ENTITIES = [
    "country",
    "bloc",
    "membership",
    "organization",
    "person",
    "role",
    "aimodel",
    "source",
    "indicator",
    "indicatoredition",
    "ranking",
    "keyfigure",
    "event",
    "topic",
]

CONTRIBUTOR = (
    ["add_brief", "change_brief", "view_brief"]
    + ["add_briefcitation", "change_briefcitation", "delete_briefcitation", "view_briefcitation"]
    + [f"{action}_{model}" for model in ENTITIES for action in ("add", "view")]
)
EDITOR = (
    CONTRIBUTOR
    + ["edit_any_brief"]
    + [f"change_{model}" for model in ENTITIES]
    + ["view_auditevent", "view_slugredirect"]
)
PUBLISHER = (
    EDITOR
    + ["publish_brief", "delete_brief"]
    + [f"delete_{model}" for model in ENTITIES]
    + ["delete_slugredirect"]
)
GROUPS = {"Contributor": CONTRIBUTOR, "Editor": EDITOR, "Publisher": PUBLISHER}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        historical = getattr(app_config, "models_module", None) is None
        if historical:
            app_config.models_module = True  # create_permissions skips apps without one
        create_permissions(app_config, apps=apps, verbosity=0)
        if historical:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="briefs", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions not found for {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0010_workflow_audit_redirects_renditions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
