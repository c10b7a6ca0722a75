"""The editors' desk: the admin's first page.

What an editor needs on arriving: notices of moves on their briefs (the same
moves that are mailed), their own drafts, what waits for review, the agenda of
the next 30 days' scheduled briefs by day, what went live lately, briefs whose
body cites a ``[^N]`` with no citation of that number, and sources with no
archived copy. Each list is one query (two for the citation check), whatever
the number of briefs.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import timezone

from .. import workflow
from ..markdown import cited_numbers
from ..models import AuditEvent, Brief, BriefCitation, Source

Status = Brief.Status
AGENDA_DAYS = 30
LIST_LIMIT = 10
NOTICE_ACTIONS = [
    AuditEvent.Action.SUBMITTED,
    AuditEvent.Action.RETURNED,
    AuditEvent.Action.PUBLISHED,
    AuditEvent.Action.SCHEDULED,
]


@dataclass
class AgendaDay:
    day: datetime.date
    briefs: list = field(default_factory=list)


@dataclass
class MissingCitations:
    brief: Brief
    numbers: list[int]


def _with_authors(briefs):
    return briefs.prefetch_related(Prefetch("authors"))


def my_drafts(*, user) -> list[Brief]:
    return list(
        Brief.objects.filter(authors=user, status=Status.DRAFT).order_by("-updated_at")[:LIST_LIMIT]
    )


def waiting_for_review() -> list[Brief]:
    return list(_with_authors(Brief.objects.filter(status=Status.REVIEW).order_by("updated_at")))


def agenda(*, now=None, days: int = AGENDA_DAYS) -> list[AgendaDay]:
    """Scheduled briefs going live in the next `days` days, grouped by local day."""
    now = now or timezone.now()
    scheduled = (
        Brief.objects.filter(Brief.objects.scheduled_q(now=now))
        .filter(publish_at__lte=now + datetime.timedelta(days=days))
        .order_by("publish_at")
    )
    return [
        AgendaDay(day, list(briefs))
        for day, briefs in groupby(scheduled, key=lambda b: timezone.localdate(b.publish_at))
    ]


def recently_published() -> list[Brief]:
    return list(Brief.objects.published().newest_first()[:LIST_LIMIT])


def briefs_missing_citations() -> list[MissingCitations]:
    """Briefs (withdrawn ones aside) whose body cites a number no citation carries."""
    briefs = Brief.objects.exclude(status=Status.WITHDRAWN).only("pk", "title", "body", "status")
    positions: dict[int, set[int]] = {}
    for brief_id, position in BriefCitation.objects.values_list("brief_id", "position"):
        positions.setdefault(brief_id, set()).add(position)
    found = []
    for brief in briefs.order_by("title"):
        missing = sorted(cited_numbers(brief.body) - positions.get(brief.pk, set()))
        if missing:
            found.append(MissingCitations(brief, missing))
    return found


def sources_without_archive() -> tuple[list[Source], int]:
    unarchived = Source.objects.filter(archived_url="").order_by("title")
    return list(unarchived[:LIST_LIMIT]), unarchived.count()


def notices(*, user, limit: int = LIST_LIMIT) -> list[AuditEvent]:
    """Recent moves on the user's briefs; Editors and Publishers see every brief's."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Brief), action__in=NOTICE_ACTIONS
    ).exclude(actor=user)
    if not workflow.can_review(user):
        own = Brief.objects.filter(authors=user).values_list("pk", flat=True)
        events = events.filter(object_id__in=[str(pk) for pk in own])
    return list(events.select_related("actor")[:limit])


def desk(*, user) -> dict:
    sources, unarchived_count = sources_without_archive()
    return {
        "notices": notices(user=user),
        "my_drafts": my_drafts(user=user),
        "waiting_for_review": waiting_for_review(),
        "agenda": agenda(),
        "agenda_days": AGENDA_DAYS,
        "recently_published": recently_published(),
        "missing_citations": briefs_missing_citations(),
        "unarchived_sources": sources,
        "unarchived_count": unarchived_count,
    }
