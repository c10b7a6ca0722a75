"""Telling people when a brief moves: email to its authors and to the Publishers.

The same moves are the dashboard's notices (read from the audit trail), so an
editor who missed a mail still sees them. A mail server that fails does not
undo the move: the move is saved, the failure is logged and the editor is told.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import reverse

from . import workflow
from .models import Brief
from .users import display_name

logger = logging.getLogger(__name__)

SUBJECTS = {
    workflow.Action.SUBMITTED: "Submitted for review: {title}",
    workflow.Action.RETURNED: "Changes requested: {title}",
    workflow.Action.PUBLISHED: "Published: {title}",
    workflow.Action.SCHEDULED: "Scheduled: {title}",
}


def recipients(brief: Brief, *, actor) -> list[str]:
    """The brief's authors and every Publisher, with an address, other than who acted."""
    User = get_user_model()
    # Named, since django-axes adds a backend of its own that holds no permissions.
    publishers = User.objects.with_perm(
        workflow.PUBLISH_PERMISSION,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    found = (
        User.objects.filter(Q(pk__in=publishers.values("pk")) | Q(briefs=brief))
        .filter(is_active=True)
        .exclude(email="")
        .exclude(pk=getattr(actor, "pk", None))
        .distinct()
    )
    return sorted(found.values_list("email", flat=True))


def notify(request, brief: Brief, action: str, *, actor, comment: str = "") -> bool:
    """Mail the move; returns False (and logs) if the mail could not be sent."""
    to = recipients(brief, actor=actor)
    if not to or action not in SUBJECTS:
        return True
    link = request.build_absolute_uri(reverse("admin:briefs_brief_change", args=[brief.pk]))
    lines = [
        f"{display_name(actor)} {workflow.Action(action).label.lower()}: {brief.title}",
    ]
    if action == workflow.Action.SCHEDULED:
        lines.append(workflow.schedule_note(brief) + ".")
    if comment:
        lines += ["", "Their comment:", comment]
    lines += ["", f"Open it in the admin: {link}"]
    messages = [
        EmailMessage(
            subject=SUBJECTS[action].format(title=brief.title),
            body="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
        )
        for address in to
    ]
    try:
        get_connection().send_messages(messages)
    except Exception:  # any mail server failure: the move stands, the editor is told
        logger.exception("Could not send the notice for brief %s", brief.pk)
        return False
    return True
