from django.apps import AppConfig
from django.db.backends.signals import connection_created


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = "Knowledge base and briefs"

    def ready(self) -> None:
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="briefs-sqlite-search")
