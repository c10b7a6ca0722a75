from django.apps import AppConfig
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = "Knowledge base and briefs"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import preview, signin, text
        from .models.brief import Brief, render_body_on_save
        from .models.generation import close_request_memo, open_request_memo
        from .page_cache import CONTENT_EXCLUDED, bump_on_content_change
        from .redirects import has_slugged_url, note_stored_slug, record_slug_change_on_save
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="briefs-sqlite-search")
        # However a slug changes (admin, shell, command, importer), its old path redirects.
        for model in filter(has_slugged_url, self.get_models()):
            uid = f"briefs-slug-redirect-{model._meta.label_lower}"
            pre_save.connect(note_stored_slug, sender=model, dispatch_uid=uid)
            post_save.connect(record_slug_change_on_save, sender=model, dispatch_uid=uid)
        # No control characters in stored text, whatever path saves it (briefs/text.py).
        for model in [*self.get_models(), get_user_model()]:
            uid = f"briefs-clean-text-{model._meta.label_lower}"
            pre_save.connect(text.clean_text_fields, sender=model, dispatch_uid=uid)
        # Withdrawing a brief, by any path, ends its shared preview links.
        post_save.connect(
            preview.end_links_of_withdrawn_brief, sender=Brief, dispatch_uid="briefs-end-previews"
        )
        # Sign-ins, failures and lockouts go to the audit trail.
        user_logged_in.connect(signin.on_logged_in, dispatch_uid="briefs-audit-login")
        user_login_failed.connect(signin.on_login_failed, dispatch_uid="briefs-audit-failed")
        user_locked_out.connect(signin.on_locked_out, dispatch_uid="briefs-audit-lockout")
        pre_save.connect(render_body_on_save, sender=Brief, dispatch_uid="briefs-render-body")
        # Any write to content makes every cached page stale (briefs/page_cache.py):
        # every model here, the tables behind many-to-many links, and the users whose
        # names appear as authors. QuerySet.update() and bulk_create() send no signals;
        # code that uses them bumps ContentGeneration itself.
        content_models = [
            model
            for model in self.get_models(include_auto_created=True)
            if model._meta.label not in CONTENT_EXCLUDED
        ]
        for model in [*content_models, get_user_model()]:
            uid = f"briefs-page-cache-{model._meta.label_lower}"
            post_save.connect(bump_on_content_change, sender=model, dispatch_uid=uid)
            post_delete.connect(bump_on_content_change, sender=model, dispatch_uid=uid)
            m2m_changed.connect(bump_on_content_change, sender=model, dispatch_uid=uid)
        request_started.connect(open_request_memo, dispatch_uid="briefs-generation-memo")
        request_finished.connect(close_request_memo, dispatch_uid="briefs-generation-memo")
        # The change feed, on every save and delete of what the API serves.
        from . import changes, webhooks

        changes.connect()
        # Webhooks for the changes that name an event, delivered by the worker.
        webhooks.connect()
