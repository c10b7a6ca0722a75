"""What the admin does when a dependency refuses a save: a message, never a 500.

- A read-only database (a failover in progress, a replica promoted late, the
  primary in maintenance): pages that only read keep working; a save is refused
  with a message. On the change form the editor's input stays in the form
  (``BaseAdmin.changeform_view``); any other POST (a changelist action, a delete,
  sharing a preview) is answered by ``ReadOnlyDatabaseMiddleware``: the message,
  and back to the page it came from.
- Storage that cannot take an upload (a full or unwritable disk, an object store
  that is down): the change form says so next to the file field, keeps the rest
  of the input, and nothing is saved (the save's transaction is rolled back).
"""

import logging
from dataclasses import dataclass

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpResponseRedirect

logger = logging.getLogger(__name__)

# PostgreSQL's read_only_sql_transaction (a read-only transaction or a standby).
READ_ONLY_SQLSTATE = "25006"

READ_ONLY_MESSAGE = (
    "The database is read-only for the moment (maintenance or a failover), so nothing "
    "was saved. Your changes are still in the form: try saving again in a few minutes."
)
READ_ONLY_ACTION_MESSAGE = (
    "The database is read-only for the moment (maintenance or a failover), so nothing "
    "was changed. Try again in a few minutes."
)
STORAGE_MESSAGE = (
    "The uploaded file could not be stored (the media storage refused it), so nothing "
    "was saved. The rest of your changes are still in the form; choose the file again "
    "and save, or save without it."
)
STORAGE_FIELD_MESSAGE = "This file could not be stored. Choose it again."


def is_read_only(error: BaseException) -> bool:
    """Whether a database error means "this database takes no writes now"."""
    if not isinstance(error, DatabaseError):
        return False
    if getattr(error.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE:
        return True
    text = str(error).lower()
    return "read-only" in text or "readonly database" in text


@dataclass(frozen=True)
class SaveRefusal:
    """Why a change form's save was refused, for the form to show."""

    message: str
    file_fields: tuple[str, ...] = ()
    field_message: str = ""


def refusal_for(request, error: BaseException) -> SaveRefusal | None:
    """The refusal a POST's error amounts to, or None if it is a bug (and should raise)."""
    if request.method != "POST":
        return None
    if is_read_only(error):
        logger.warning("Save refused, the database is read-only: %s", error)
        return SaveRefusal(READ_ONLY_MESSAGE)
    if isinstance(error, OSError) and request.FILES:
        logger.warning("Save refused, the media storage failed: %s", error)
        return SaveRefusal(STORAGE_MESSAGE, tuple(request.FILES), STORAGE_FIELD_MESSAGE)
    return None


class ReadOnlyDatabaseMiddleware:
    """Any other POST refused by a read-only database: a message and back where it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not is_read_only(exception):
            return None
        logger.warning("POST refused, the database is read-only: %s", exception)
        messages.error(request, READ_ONLY_ACTION_MESSAGE)
        return HttpResponseRedirect(request.get_full_path())
