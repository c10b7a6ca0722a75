"""manage.py export_content and import_content: all content, natural keys, a full round trip.

The round trip goes through a second, freshly migrated database of the same kind
(a SQLite file, or a new PostgreSQL database): export here, import there with
manage.py, export there, and the two files must be the same, byte for byte.
"""

import gzip
import json

import pytest
import reversion
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from briefs import workflow
from briefs.models import Brief, BriefAutosave, EditorialComment, ImportBatch, SlugRedirect
from briefs.preview import make_link
from tests.factories import (
    AIModelFactory,
    AliasFactory,
    BriefCitationFactory,
    BriefFactory,
    EventFactory,
    KeyFigureFactory,
    MembershipFactory,
    PersonFactory,
    RankingFactory,
    RoleFactory,
    TopicFactory,
    UserFactory,
    WebhookDeliveryFactory,
    country,
)

from .environments import fresh_database, manage, production_env

pytestmark = pytest.mark.django_db

# An editor's autosaved typing, the bookkeeping of CSV imports and the page cache's
# generation are not content: they stay behind, every other model of the app goes.
NOT_EXPORTED = {
    "briefs.briefautosave",
    "briefs.contentgeneration",
    "briefs.importbatch",
    "briefs.previewlink",
    "briefs.webhookdelivery",
    "briefs.webhookendpoint",
}
RELATED = {"auth.group", "auth.user", "reversion.revision", "reversion.version"}


@pytest.fixture
def every_kind_of_content():
    """At least one row of every exported model, linked the way editors link them."""
    author = UserFactory(username="paula", is_staff=True)
    ranking = RankingFactory(country=country("RU"), pillar="Talent")
    membership = MembershipFactory()
    figure = KeyFigureFactory()
    model = AIModelFactory(name="GigaChat", slug="gigachat")
    person = PersonFactory()
    role = RoleFactory(person=person, organization=model.developers.first())
    event = EventFactory()
    event.countries.add(country("RU"), country("IN"))
    with reversion.create_revision():
        reversion.set_user(author)
        brief = BriefFactory(status=Brief.Status.DRAFT, slug="first-slug", publish_at=None)
    BriefCitationFactory(brief=brief, source=ranking.source, position=1)
    brief.authors.add(author)
    brief.topics.add(TopicFactory())
    brief.countries.add(country("RU"))
    brief.blocs.add(membership.bloc)
    brief.ai_models.add(model)
    brief.people.add(role.person)
    brief.events.add(event)
    brief.key_figures.add(figure)
    workflow.publish(brief, user=author)
    brief.slug = "renamed-slug"  # the model layer records the old address
    brief.save()
    AliasFactory(entity=country("RU"), name="Российская Федерация", language="ru")
    AliasFactory(entity=model, name="ГигаЧат", language="ru")
    EditorialComment.objects.create(brief=brief, author=author, body="Check the rank.")
    BriefAutosave.objects.create(
        user=author, brief=brief, fields={"title": "Half typed"}, saved_at=timezone.now()
    )
    ImportBatch.objects.create(kind=ImportBatch.Kind.SOURCES, file_name="s.csv", imported_by=author)
    make_link(brief, user=author)
    WebhookDeliveryFactory()
    return brief


def read_export(path) -> list[dict]:
    return json.loads(path.read_text())


def read_gz(path) -> str:
    return gzip.decompress(path.read_bytes()).decode()


def test_export_holds_every_model_and_names_references_by_natural_key(
    every_kind_of_content, tmp_path
):
    path = tmp_path / "content.json"
    call_command("export_content", str(path))
    rows = read_export(path)
    exported = {row["model"] for row in rows}
    app_models = {model._meta.label_lower for model in apps.get_app_config("briefs").get_models()}
    assert exported == (app_models - NOT_EXPORTED) | RELATED
    brief = next(row for row in rows if row["model"] == "briefs.brief")
    assert brief["fields"]["slug"] == "renamed-slug"
    assert ["RUS"] in brief["fields"]["countries"]
    assert brief["fields"]["authors"] == [["paula"]]
    ranking = next(row for row in rows if row["model"] == "briefs.ranking")
    assert ranking["fields"]["country"] == ["RUS"]
    aliases = [row["fields"] for row in rows if row["model"] == "briefs.alias"]
    assert {(*alias["content_type"], alias["name"]) for alias in aliases} == {
        ("briefs", "country", "Российская Федерация"),
        ("briefs", "aimodel", "ГигаЧат"),
    }
    comment = next(row for row in rows if row["model"] == "briefs.editorialcomment")
    assert comment["fields"]["brief"] == ["renamed-slug"]
    assert comment["fields"]["author"] == ["paula"]
    # Countries and accounts carry no id: an import matches them by their key.
    assert all("pk" not in row for row in rows if row["model"] in ("briefs.country", "auth.user"))


def test_round_trip_into_an_empty_database_gives_back_the_same_content(
    every_kind_of_content, tmp_path
):
    old_path = SlugRedirect.objects.get().old_path
    original = tmp_path / "original.json.gz"
    call_command("export_content", str(original))
    with fresh_database(tmp_path, "import") as url:
        env = production_env(DATABASE_URL=url)
        manage("import_content", str(original), env=env)
        again = tmp_path / "again.json.gz"
        manage("export_content", str(again), env=env)
        # The imported site answers the renamed brief's old address with its new one.
        shell = manage(
            "shell",
            "--no-imports",
            "-c",
            f"from briefs.redirects import redirect_target; print(redirect_target({old_path!r}))",
            env=env,
        )
    assert read_gz(again) == read_gz(original)
    assert shell.stdout.strip() == every_kind_of_content.get_absolute_url()


def test_import_refuses_a_database_that_already_has_content(every_kind_of_content, tmp_path):
    path = tmp_path / "content.json"
    call_command("export_content", str(path))
    with pytest.raises(CommandError, match="already has content"):
        call_command("import_content", str(path))


def test_import_of_a_file_that_is_no_export_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("these are not the rows you are looking for")
    with pytest.raises(CommandError, match="could not be read as an export"):
        call_command("import_content", str(path))
