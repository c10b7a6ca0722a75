"""Recording the change feed (``Change``, served at ``/api/v1/changes/``).

Connected in ``apps.py`` to every save and delete of a brief, an entity the API
serves, or a part shown inside one (a brief's citations, an indicator's editions),
and to every many-to-many change between them. Rows are written in the caller's
transaction, like slug redirects: a save that fails or is rolled back records
nothing, and ``QuerySet.update()`` and raw saves (fixtures, reversion's restore)
record nothing either, and nor does a load of an export (``loading_export()``): the
file brings its own change feed, and loaddata's many-to-many links are not news.

Briefs count only through ``Brief.objects.published()``: a draft saved, edited or
deleted is not news to an app; it is *created* when it goes public and *deleted*
when it stops being public. A brief scheduled for later gets its *created* row
written now with ``at`` = its publication time, replaced at every save and hidden
until then (``ChangeQuerySet.visible()``).

When a row changes, the rows that show it nested (``SHOWN_IN``: a country's name in
its briefs, a publisher's name in the sources it published...) change too: they
get a row of their own and their ``updated_at`` moves, so ``updated_since`` finds
them as well.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal
from django.utils import timezone

from .models import (
    AIModel,
    Bloc,
    Brief,
    BriefCitation,
    Change,
    Country,
    Event,
    Indicator,
    IndicatorEdition,
    KeyFigure,
    Membership,
    Organization,
    Person,
    Ranking,
    Source,
    Topic,
)
from .models.webhook import WebhookEvent

# Sent (in the saving transaction) with the rows just written: ``changes``. Each row
# also carries ``event``, the webhook it announces (a WebhookEvent), or None.
changes_recorded = Signal()

# What the API serves, named as its endpoints (``api:<kind>-detail``).
KINDS = {
    Brief: "brief",
    Country: "country",
    Bloc: "bloc",
    Membership: "membership",
    Organization: "organization",
    AIModel: "ai-model",
    Person: "person",
    Indicator: "indicator",
    Ranking: "ranking",
    KeyFigure: "key-figure",
    Event: "event",
    Source: "source",
    Topic: "topic",
}
# The natural key each is addressed by in the API; the others use their slug.
KEY_FIELDS = {Country: "iso2", Membership: "pk", Ranking: "pk", KeyFigure: "pk", Source: "pk"}
# Shown inside the rows of another model without being served on their own.
PARTS = (BriefCitation, IndicatorEdition)

# Who shows a row nested (in a brief, or in an entity's list item), by the lookup from
# them to it. Keep in step with the serializers in briefs/api/serializers/.
SHOWN_IN = {
    Country: [
        (Brief, "countries"),
        (Organization, "country"),
        (AIModel, "country"),
        (Person, "country"),
        (Membership, "country"),
        (Ranking, "country"),
        (KeyFigure, "country"),
    ],
    Organization: [
        (Brief, "organizations"),
        (Brief, "citations__source__publisher"),
        (Organization, "parent"),
        (AIModel, "developers"),
        (Source, "publisher"),
        (Membership, "organization"),
        (Membership, "sources__publisher"),
        (KeyFigure, "organization"),
        (KeyFigure, "source__publisher"),
        (Ranking, "source__publisher"),
        (Indicator, "publisher"),
    ],
    Bloc: [(Brief, "blocs"), (Bloc, "parent"), (Membership, "bloc")],
    AIModel: [(Brief, "ai_models"), (AIModel, "base_model")],
    Person: [(Brief, "people")],
    Event: [(Brief, "events")],
    Topic: [(Brief, "topics")],
    KeyFigure: [(Brief, "key_figures")],
    Source: [
        (Brief, "citations__source"),
        (Membership, "sources"),
        (Ranking, "source"),
        (KeyFigure, "source"),
    ],
    Indicator: [(Ranking, "edition__indicator")],
    IndicatorEdition: [(Ranking, "edition"), (Indicator, "editions")],
    BriefCitation: [(Brief, "citations")],
}
# Bookkeeping that moves on every save without anything shown having changed.
UNSHOWN_FIELDS = {"created_at", "updated_at", "search_vector"}

# Where pre_save / pre_delete leave what post_save / post_delete compare with.
_STORED = "_change_feed_stored"
_WAS_LIVE = "_change_feed_was_live"
# Set while import_content loads an export: raw saves say so themselves, but
# many-to-many signals carry no ``raw``.
_loading_export = ContextVar("loading_export", default=False)


@contextmanager
def loading_export():
    """Record nothing inside: the rows written are an export's, feed included."""
    token = _loading_export.set(True)
    try:
        yield
    finally:
        _loading_export.reset(token)


def key_field(model) -> str:
    return KEY_FIELDS.get(model, "slug")


def key_of(instance) -> str:
    return str(getattr(instance, key_field(type(instance))))


def _visible_rows(model):
    return model.objects.published() if model is Brief else model.objects.all()


def _change(instance_or_model, key: str, action: str, at, event: str | None = "") -> Change:
    model = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    change = Change(kind=KINDS[model], key=key, action=action, at=at)
    if event == "":  # the plain meaning: an entity changed, or a published brief did
        event = WebhookEvent.BRIEF_UPDATED if model is Brief else WebhookEvent.ENTITY_CHANGED
    change.event = event
    return change


def _write(changes: list[Change]) -> None:
    if changes:
        Change.objects.bulk_create(changes)
        changes_recorded.send(sender=Change, changes=changes)


def _shown_fields_differ(stored, instance) -> bool:
    unread = stored.get_deferred_fields()  # not in a save's update_fields: unchanged
    for field in type(instance)._meta.concrete_fields:
        if field.name in UNSHOWN_FIELDS or getattr(field, "generated", False):
            continue
        if field.attname in unread:
            continue
        if getattr(stored, field.attname) != getattr(instance, field.attname):
            return True
    return False


def _touch(model, keys, now) -> list[Change]:
    """``model``'s rows with these keys changed for readers: move ``updated_at``."""
    if not keys:
        return []
    model.objects.filter(**{f"{key_field(model)}__in": keys}).update(updated_at=now)
    return [_change(model, key, Change.Action.UPDATED, now) for key in sorted(keys)]


def _dependents(instance, now) -> list[Change]:
    """Rows showing `instance` nested: marked updated (see SHOWN_IN)."""
    changes = []
    for model, lookup in SHOWN_IN.get(type(instance), ()):
        rows = _visible_rows(model).filter(**{lookup: instance})
        keys = {str(key) for key in rows.values_list(key_field(model), flat=True)}
        changes += _touch(model, keys, now)
    return changes


# Briefs ---------------------------------------------------------------------------


def _brief_saved(stored: Brief | None, brief: Brief, now) -> list[Change]:
    was_live = stored is not None and stored.is_published
    old_key = stored.slug if stored is not None else brief.slug
    # A schedule written ahead is replaced by whatever this save says.
    Change.objects.pending(now=now).filter(kind="brief", key__in={old_key, brief.slug}).delete()
    changes = []
    stays_live = was_live and brief.is_published
    if stays_live and old_key == brief.slug:
        if _shown_fields_differ(stored, brief):
            changes.append(_change(brief, brief.slug, Change.Action.UPDATED, now))
    else:
        if was_live:
            # A live brief whose slug changed is announced once, as updated at its new key.
            withdrawn = None if stays_live else WebhookEvent.BRIEF_WITHDRAWN
            changes.append(_change(brief, old_key, Change.Action.DELETED, now, withdrawn))
        if brief.is_published:
            published = WebhookEvent.BRIEF_UPDATED if stays_live else WebhookEvent.BRIEF_PUBLISHED
            changes.append(_change(brief, brief.slug, Change.Action.CREATED, now, published))
    if brief.is_scheduled:
        changes.append(
            _change(
                brief,
                brief.slug,
                Change.Action.CREATED,
                brief.publish_at,
                WebhookEvent.BRIEF_PUBLISHED,
            )
        )
    return changes


def _brief_deleted(brief: Brief, was_live: bool, now) -> list[Change]:
    Change.objects.pending(now=now).filter(kind="brief", key=brief.slug).delete()
    if not was_live:
        return []
    return [_change(brief, brief.slug, Change.Action.DELETED, now, WebhookEvent.BRIEF_DELETED)]


# Signal receivers -----------------------------------------------------------------


def note_stored(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save: keep the row as stored, for post_save to compare with (only the fields
    being saved, and what decides a brief's visibility, when ``update_fields`` says)."""
    stored = None
    if not raw and not instance._state.adding:
        rows = sender._default_manager.filter(pk=instance.pk)
        if update_fields is not None:
            also = ("slug", "status", "publish_at") if sender is Brief else ()
            rows = rows.only(*update_fields, *also)
        stored = rows.first()
    setattr(instance, _STORED, stored)


def record_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or _loading_export.get():
        return
    now = timezone.now()
    stored = getattr(instance, _STORED, None)
    if sender is Brief:
        _write(_brief_saved(stored, instance, now))
    elif sender in PARTS:
        if stored is None or _shown_fields_differ(stored, instance):
            _write(_dependents(instance, now))
    elif stored is None:
        _write([_change(instance, key_of(instance), Change.Action.CREATED, now)])
    elif _shown_fields_differ(stored, instance):
        key = key_of(instance)
        old_key = key if key_field(sender) in stored.get_deferred_fields() else key_of(stored)
        if old_key == key:
            changes = [_change(instance, key, Change.Action.UPDATED, now)]
        else:
            changes = [
                _change(instance, old_key, Change.Action.DELETED, now),
                _change(instance, key, Change.Action.CREATED, now),
            ]
        _write(changes + _dependents(instance, now))


def note_deleting(sender, instance, **kwargs) -> None:
    """pre_delete: while the links still stand, record who showed it."""
    if sender is Brief:
        setattr(instance, _WAS_LIVE, Brief.objects.published().filter(pk=instance.pk).exists())
    else:
        _write(_dependents(instance, timezone.now()))


def record_delete(sender, instance, **kwargs) -> None:
    now = timezone.now()
    if sender is Brief:
        _write(_brief_deleted(instance, getattr(instance, _WAS_LIVE, False), now))
    elif sender in KINDS:
        _write([_change(instance, key_of(instance), Change.Action.DELETED, now)])


def record_m2m_change(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A link added or removed changes the row that shows it (the field's owner)."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if _loading_export.get():
        return
    if action in ("post_add", "post_remove") and not pk_set:
        return  # add() of links that were already there
    if reverse:
        if action == "post_clear":
            return
        owner_model = model
        field = next(f for f in model._meta.many_to_many if f.remote_field.through is sender)
        if action == "pre_clear":
            owners = owner_model.objects.filter(**{field.name: instance})
        else:
            owners = owner_model.objects.filter(pk__in=pk_set or ())
    else:
        if action == "pre_clear":
            return
        owner_model = type(instance)
        owners = owner_model.objects.filter(pk=instance.pk)
    if owner_model not in KINDS:
        return
    visible = _visible_rows(owner_model).filter(pk__in=owners.values("pk"))
    keys = {str(key) for key in visible.values_list(key_field(owner_model), flat=True)}
    _write(_touch(owner_model, keys, timezone.now()))


def connect() -> None:
    """Called from ``BriefsConfig.ready()``."""
    for model in (*KINDS, *PARTS):
        uid = f"briefs-change-feed-{model._meta.label_lower}"
        pre_save.connect(note_stored, sender=model, dispatch_uid=uid)
        post_save.connect(record_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(note_deleting, sender=model, dispatch_uid=uid)
        post_delete.connect(record_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                m2m_changed.connect(
                    record_m2m_change, sender=through, dispatch_uid=f"{uid}-{field.name}"
                )
