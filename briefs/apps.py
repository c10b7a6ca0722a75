from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save, pre_save


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = "Knowledge base and briefs"

    def ready(self) -> None:
        from .redirects import has_slugged_url, note_stored_slug, record_slug_change_on_save
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="briefs-sqlite-search")
        # However a slug changes (admin, shell, command, importer), its old path redirects.
        for model in filter(has_slugged_url, self.get_models()):
            uid = f"briefs-slug-redirect-{model._meta.label_lower}"
            pre_save.connect(note_stored_slug, sender=model, dispatch_uid=uid)
            post_save.connect(record_slug_change_on_save, sender=model, dispatch_uid=uid)
        # The change feed, on every save and delete of what the API serves.
        from . import changes, webhooks

        changes.connect()
        # Webhooks for the changes that name an event, delivered by the worker.
        webhooks.connect()
