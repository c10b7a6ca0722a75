"""Who signed in to the admin, who failed, and who was locked out: in the audit trail.

django-axes counts failed sign-ins by username and by client address (either
reaching ``AXES_FAILURE_LIMIT`` locks that one out for ``AXES_COOLOFF_TIME``);
the receivers here write each sign-in, failure and lockout into the same
``AuditEvent`` log as the editorial decisions, naming the account (the attempted
username when there is no such account) and the client's address.

A sign-in must not fail because its audit line cannot be written (a read-only
database during a failover): the line is then only logged.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction

from .models import AuditEvent
from .workflow import record

logger = logging.getLogger(__name__)
Action = AuditEvent.Action


def client_address(request) -> str:
    """The client's address: the connecting one, or behind ``API_NUM_PROXIES`` proxies
    the one they appended to X-Forwarded-For (so it cannot be spoofed by the client)."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return remote


def _account(username: str):
    User = get_user_model()
    found = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    return found or User(**{User.USERNAME_FIELD: username[:150]})


def _record(account, action: str, *, request, actor=None) -> None:
    note = f"From {client_address(request) or 'an unknown address'}"
    try:
        with transaction.atomic():
            record(account, action, user=actor, note=note)
    except DatabaseError as error:
        logger.warning("Could not write the audit line %s for %s: %s", action, account, error)


def on_logged_in(sender, request, user, **kwargs):
    _record(user, Action.LOGGED_IN, request=request, actor=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")
    _record(_account(username), Action.LOGIN_FAILED, request=request)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    _record(_account(str(username or "")), Action.LOCKED_OUT, request=request)
