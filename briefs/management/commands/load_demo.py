"""Load the launch story and its entities; safe to run any number of times."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from briefs.dev.demo_content import load_demo

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "briefs-demo-editor"


class Command(BaseCommand):
    help = (
        "Load the demo story (idempotent). With DEBUG on, also create a demo login "
        "in the Publisher group."
    )

    def handle(self, *args, **options):
        editor = self._demo_editor() if settings.DEBUG else None
        load_demo(author=editor)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if editor is not None:
            login = f"{DEMO_USERNAME} / {DEMO_PASSWORD}"
            self.stdout.write(f"Demo admin login: {login} (DEBUG only; never in production)")

    def _demo_editor(self):
        User = get_user_model()
        editor, created = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={
                "first_name": "Demo",
                "last_name": "Editor",
                "email": "editor@example.org",
                "is_staff": True,
            },
        )
        if created:
            editor.set_password(DEMO_PASSWORD)
            editor.save(update_fields=["password"])
        # A publisher, not a superuser: the demo shows the newsroom's real permissions.
        if editor.is_superuser:
            editor.is_superuser = False
            editor.save(update_fields=["is_superuser"])
        editor.groups.add(Group.objects.get(name="Publisher"))
        return editor
