"""The README's sync recipe (docs/sync_copy.py), run as an app would run it against a
live server, through publications, edits, withdrawals, deletions, entity renames and
a scheduled brief going live: every time, the copy is exactly what the API serves."""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.utils import timezone

from briefs.models import Brief, Country
from tests.factories import (
    BriefFactory,
    KeyFigureFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
    TopicFactory,
    country,
    restore_countries,
)

from .conftest import link_brief

pytestmark = pytest.mark.django_db(transaction=True)

RECIPE = Path(__file__).resolve().parents[2] / "docs" / "sync_copy.py"


def load_recipe():
    spec = importlib.util.spec_from_file_location("sync_copy", RECIPE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The recipe re-reads a minute of changes before the last it applied, which in a
    # test that takes seconds would re-read everything and hide a missing change.
    module.OVERLAP = datetime.timedelta(0)
    return module


class Clock:
    """The site's clock (``timezone.now``), moved forward by hand: a scheduled brief goes
    live without the test waiting for it."""

    def __init__(self, monkeypatch):
        real_now = timezone.now
        # It starts at the next noon (forward only, as a clock goes), so moving it on a
        # few hours never crosses midnight: a citation's "Retrieved" date is the day it
        # is read, and a new day would change every row with no change to follow.
        start = real_now()
        noon = start.replace(hour=12, minute=0, second=0, microsecond=0)
        self.offset = (noon if noon > start else noon + datetime.timedelta(days=1)) - start
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def advance(self, **kwargs):
        self.offset += datetime.timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def served(recipe, api):
    """What the API serves now, read from scratch."""
    fresh = recipe.full_copy(api)
    return fresh["briefs"], fresh["entities"]


def assert_exact_copy(recipe, api, copy):
    briefs, entities = served(recipe, api)
    assert copy["briefs"] == briefs
    assert copy["entities"] == entities


def test_the_sync_recipe_keeps_an_exact_copy_through_every_kind_of_change(live_server, clock):
    restore_countries()  # a transactional test before this one may have flushed them
    recipe = load_recipe()
    api = live_server.url + "/api/v1"
    russia = country("RU")
    sberbank = OrganizationFactory(slug="sberbank", name="Sberbank", country=russia)
    linked = {
        "country": russia,
        "bloc": None,
        "organization": sberbank,
        "person": PersonFactory(slug="german-gref", name="German Gref"),
        "topic": TopicFactory(slug="ai-alliances", name="AI alliances"),
        "key_figure": KeyFigureFactory(country=russia),
        "source": SourceFactory(publisher=sberbank),
    }
    alliance = link_brief(BriefFactory(slug="alliance", title="The alliance"), _complete(linked))
    withdrawn_later = BriefFactory(slug="withdrawn-later")
    deleted_later = BriefFactory(slug="deleted-later")
    draft = BriefFactory(slug="draft", status=Brief.Status.DRAFT)

    copy = recipe.full_copy(api)
    assert set(copy["briefs"]) == {"alliance", "withdrawn-later", "deleted-later"}

    # Publish a draft, edit a brief, withdraw one, delete one, and a draft that never
    # went public is created and deleted unseen.
    draft.status = Brief.Status.PUBLISHED
    draft.save()
    alliance.title = "The alliance, one year on"
    alliance.save()
    withdrawn_later.status = Brief.Status.WITHDRAWN
    withdrawn_later.save()
    deleted_later.delete()
    BriefFactory(slug="never-public", status=Brief.Status.REVIEW).delete()
    copy = recipe.follow_changes(api, copy)
    assert set(copy["briefs"]) == {"alliance", "draft"}
    assert copy["briefs"]["alliance"]["title"] == "The alliance, one year on"
    assert_exact_copy(recipe, api, copy)

    # Entities renamed: nested references in briefs, organizations and sources follow.
    russia.name = "Russian Federation"
    russia.save()
    copy = recipe.follow_changes(api, copy)
    countries = [ref["name"] for ref in copy["briefs"]["alliance"]["countries"]]
    assert countries == ["Russian Federation"]
    assert_exact_copy(recipe, api, copy)

    sberbank.name = "Sber"
    sberbank.slug = "sber"
    sberbank.save()
    TopicFactory(slug="sovereign-ai", name="Sovereign AI")
    linked["person"].delete()
    copy = recipe.follow_changes(api, copy)
    assert "sber" in copy["entities"]["organization"]
    assert "sberbank" not in copy["entities"]["organization"]
    assert copy["briefs"]["alliance"]["people"] == []
    assert_exact_copy(recipe, api, copy)

    # A brief scheduled for later is absent until its time comes, then appears by itself;
    # a published brief unpublished by a new schedule leaves until then.
    BriefFactory(slug="scheduled", publish_at=timezone.now() + datetime.timedelta(hours=1))
    alliance.publish_at = timezone.now() + datetime.timedelta(hours=1)
    alliance.save()
    copy = recipe.follow_changes(api, copy)
    assert set(copy["briefs"]) == {"draft"}
    assert_exact_copy(recipe, api, copy)

    clock.advance(hours=2)
    copy = recipe.follow_changes(api, copy)
    assert set(copy["briefs"]) == {"alliance", "draft", "scheduled"}
    assert_exact_copy(recipe, api, copy)

    # Deleting a country's last brief and the brief's links, then the copy is still exact.
    Brief.objects.get(slug="draft").delete()
    alliance.countries.clear()
    copy = recipe.follow_changes(api, copy)
    assert copy["briefs"]["alliance"]["countries"] == []
    assert_exact_copy(recipe, api, copy)
    assert Country.objects.count() == len(copy["entities"]["country"])


def _complete(linked: dict) -> dict:
    """link_brief() wants one of each; the ones this story does not follow are plain."""
    from tests.factories import AIModelFactory, BlocFactory, EventFactory

    return {
        **linked,
        "bloc": BlocFactory(slug="brics", name="BRICS"),
        "ai_model": AIModelFactory(slug="gigachat", name="GigaChat"),
        "event": EventFactory(slug="network-announced"),
    }
