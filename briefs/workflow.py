"""The editorial lifecycle of a brief: who may move it where, and what each move records.

draft → review → published (now, or scheduled by a future ``publish_at``) → withdrawn.

Going live needs no job: ``Brief.objects.published()`` compares ``publish_at``
with the clock, so a scheduled brief is public the moment its time comes. This
module only decides who may change status, keeps the public dates honest and
writes the audit trail.

Dates readers see:

- ``first_published_at`` is the moment the brief first became public. While a
  brief is merely scheduled it follows ``publish_at``; once that moment has
  passed it never changes again, through edits, withdrawal or re-publishing.
- ``revised_at`` is the last *substantive* edit after the brief went public.
  Substantive means a change a reader could cite differently: the title, the
  summary, the body, the numbered citations (source, claim, locator, number)
  or the key figures shown. Status, schedule, slug, tags, authors, the hero
  image and the featured flag are not. An editor can also tick "minor
  correction" for a typo fix so it does not show as Updated.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import AuditEvent, Brief

Status = Brief.Status
Action = AuditEvent.Action

PUBLISH_PERMISSION = "briefs.publish_brief"
EDIT_ANY_PERMISSION = "briefs.edit_any_brief"


@dataclass(frozen=True)
class BriefState:
    """A brief as it stood before an edit: what the permission and date rules compare with."""

    status: str
    publish_at: datetime.datetime | None
    first_published_at: datetime.datetime | None
    revised_at: datetime.datetime | None
    substance: tuple

    @property
    def has_gone_live(self) -> bool:
        return went_live(self.first_published_at) or self.was_live_without_a_date

    @property
    def was_live_without_a_date(self) -> bool:
        """Public before first publication times were kept: its publish_at is the best record."""
        return (
            self.first_published_at is None
            and self.status == Status.PUBLISHED
            and went_live(self.publish_at)
        )


def went_live(first_published_at, now=None) -> bool:
    return first_published_at is not None and first_published_at <= (now or timezone.now())


def substance(brief: Brief) -> tuple:
    """What readers could cite differently; a change here shows as "Updated"."""
    citations = tuple(
        brief.citations.order_by("position").values_list(
            "position", "source_id", "supports", "locator"
        )
    )
    key_figures = tuple(sorted(brief.key_figures.values_list("pk", flat=True)))
    return (brief.title, brief.summary, brief.body, citations, key_figures)


def capture(brief_pk) -> BriefState | None:
    """The brief's stored state, or None if it does not exist (a new or deleted brief)."""
    brief = Brief.objects.filter(pk=brief_pk).first() if brief_pk else None
    if brief is None:
        return None
    return BriefState(
        status=brief.status,
        publish_at=brief.publish_at,
        first_published_at=brief.first_published_at,
        revised_at=brief.revised_at,
        substance=substance(brief),
    )


# Who may do what.


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, brief: Brief | None) -> bool:
    """Editors and publishers edit any brief; a contributor only their own drafts."""
    if not user.has_perm("briefs.change_brief"):
        return False
    if brief is None or user.has_perm(EDIT_ANY_PERMISSION):
        return True
    return brief.status == Status.DRAFT and brief.authors.filter(pk=user.pk).exists()


def allowed_statuses(user, current: str | None) -> list[str]:
    """Statuses this user may leave a brief in, given its current status."""
    if can_publish(user):
        return list(Status.values)
    allowed = [Status.DRAFT, Status.REVIEW]
    if current in (Status.PUBLISHED, Status.WITHDRAWN):
        allowed.append(current)  # editing a live brief keeps its status
    return allowed


def permission_errors(
    user, before: BriefState | None, status: str, *, publish_at_changed: bool
) -> dict:
    """Form errors for a status or schedule change this user may not make."""
    if can_publish(user):
        return {}
    errors = {}
    current = before.status if before else None
    if status not in allowed_statuses(user, current):
        if status == Status.PUBLISHED:
            message = (
                "Only a Publisher can publish or schedule a brief. "
                "Set it to In review and a Publisher will take it from there."
            )
        elif status == Status.WITHDRAWN:
            message = "Only a Publisher can withdraw a brief."
        else:
            message = "Only a Publisher can take a published brief off the site."
        errors["status"] = message
    elif current == Status.PUBLISHED and publish_at_changed:
        errors["publish_at"] = "Only a Publisher can reschedule a published brief."
    return errors


# What a save records.


def prepare_dates(brief: Brief, before: BriefState | None, now=None) -> None:
    """Set ``first_published_at`` before saving: see the module docstring."""
    now = now or timezone.now()
    kept = before.first_published_at if before else brief.first_published_at
    if before is not None and before.was_live_without_a_date:
        kept = before.publish_at
    if went_live(kept, now):
        brief.first_published_at = kept
        brief.revised_at = max(
            filter(None, [brief.revised_at, before.revised_at if before else None]), default=None
        )
    elif brief.status == Status.PUBLISHED:
        brief.first_published_at = brief.publish_at
    else:
        # Scheduled and then pulled before its time: it never went public.
        brief.first_published_at = None


def status_action(before: BriefState | None, brief: Brief, now=None) -> str | None:
    """The audit action a save amounts to, if it changed where the brief stands."""
    now = now or timezone.now()
    old_status = before.status if before else None
    if brief.status == Status.PUBLISHED:
        scheduled = brief.publish_at is not None and brief.publish_at > now
        if old_status != Status.PUBLISHED or (scheduled and before.publish_at != brief.publish_at):
            return Action.SCHEDULED if scheduled else Action.PUBLISHED
        return None
    if brief.status == old_status:
        return None
    return {
        Status.REVIEW: Action.SUBMITTED,
        Status.WITHDRAWN: Action.WITHDRAWN,
        Status.DRAFT: Action.RETURNED if old_status else None,
    }[brief.status]


def mark_revised_if_substantive(
    brief: Brief, before: BriefState | None, *, minor: bool = False, now=None
) -> bool:
    """After the save (inlines included): record a substantive edit of a live brief."""
    now = now or timezone.now()
    if before is None or minor or not before.has_gone_live:
        return False
    if substance(brief) == before.substance:
        return False
    brief.revised_at = now
    Brief.objects.filter(pk=brief.pk).update(revised_at=now)
    return True


def record(obj, action: str, *, user, note: str = "", at=None) -> AuditEvent:
    """Add one line to the audit trail. ``obj`` may be unsaved (a sign-in attempted
    for an account that does not exist): the line then names it without an id."""
    actor = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id="" if obj.pk is None else str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        actor=actor,
        at=at or timezone.now(),
        note=note[:300],
    )


def schedule_note(brief: Brief) -> str:
    if brief.publish_at is None:
        return ""
    local = timezone.localtime(brief.publish_at)
    return f"Goes live {local:%d %B %Y, %H:%M %Z}"


def record_status_change(brief: Brief, before: BriefState | None, *, user, now=None) -> None:
    action = status_action(before, brief, now)
    if action:
        note = schedule_note(brief) if action == Action.SCHEDULED else ""
        record(brief, action, user=user, note=note)


# Changelist actions: one brief at a time, each checked like a form save.


def publish(brief: Brief, *, user, now=None) -> str:
    """Publish now, or on the future ``publish_at`` it already has. Returns the action."""
    now = (now or timezone.now()).replace(microsecond=0)  # as the admin's forms keep it
    before = capture(brief.pk)
    if brief.publish_at is None or (
        brief.publish_at <= now and not went_live(brief.first_published_at, now)
    ):
        brief.publish_at = now
    brief.status = Status.PUBLISHED
    brief.full_clean()
    prepare_dates(brief, before, now)
    brief.save()
    action = status_action(before, brief, now)
    if action:
        record(
            brief,
            action,
            user=user,
            note=schedule_note(brief) if action == Action.SCHEDULED else "",
        )
    return action


def withdraw(brief: Brief, *, user, now=None) -> None:
    now = now or timezone.now()
    before = capture(brief.pk)
    brief.status = Status.WITHDRAWN
    prepare_dates(brief, before, now)
    brief.save()
    if before is None or before.status != Status.WITHDRAWN:
        record(brief, Action.WITHDRAWN, user=user)


# Review as actions: the buttons on a brief's form, each one move checked like a form save.


class ReviewAction:
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    WITHDRAW = "withdraw"
    COMMENT = "comment"


def can_review(user) -> bool:
    """Editors and Publishers judge a brief in review; its contributor does not."""
    return user.has_perm(EDIT_ANY_PERMISSION) and user.has_perm("briefs.change_brief")


def available_actions(user, brief: Brief) -> list[str]:
    """The review buttons this user sees on this brief, in the order they are shown."""
    actions = []
    if brief.status == Status.DRAFT and can_edit(user, brief):
        actions.append(ReviewAction.SUBMIT)
    if brief.status == Status.REVIEW and can_review(user):
        actions.append(ReviewAction.REQUEST_CHANGES)
    if can_publish(user):
        if not brief.is_published:
            actions += [ReviewAction.PUBLISH, ReviewAction.SCHEDULE]
        if brief.status == Status.PUBLISHED:
            actions.append(ReviewAction.WITHDRAW)
    if user.has_perm("briefs.view_brief"):
        actions.append(ReviewAction.COMMENT)
    return actions


def submit_for_review(brief: Brief, *, user) -> None:
    before = capture(brief.pk)
    brief.status = Status.REVIEW
    brief.save()
    record_status_change(brief, before, user=user)


def request_changes(brief: Brief, *, user, comment: str):
    """Back to draft with a comment to its authors."""
    from .models import EditorialComment

    brief.status = Status.DRAFT
    brief.save()
    record(brief, Action.RETURNED, user=user, note=f"Changes requested: {comment}")
    return EditorialComment.objects.create(
        brief=brief, author=user, kind=EditorialComment.Kind.CHANGES_REQUESTED, body=comment
    )


def publish_now(brief: Brief, *, user, now=None) -> str:
    """Live at once, even if a future time had been pencilled in."""
    now = (now or timezone.now()).replace(microsecond=0)
    if not went_live(brief.first_published_at, now):
        brief.publish_at = now
    return publish(brief, user=user, now=now)


def schedule(brief: Brief, *, user, at: datetime.datetime, now=None) -> str:
    """Publish at a future moment: it goes live by itself then."""
    now = now or timezone.now()
    if at <= now:
        raise ValueError("A schedule needs a time in the future.")
    brief.publish_at = at.replace(microsecond=0)
    return publish(brief, user=user, now=now)
