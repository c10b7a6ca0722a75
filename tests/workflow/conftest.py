"""Newsroom roles and a browser-like way to post the admin's own forms."""

from html.parser import HTMLParser
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from tests.factories import UserFactory


def member_of(group_name: str, username: str):
    if not Group.objects.filter(name=group_name).exists():
        # A transactional (browser) test flushed the migration's rows: make them again.
        import_module("briefs.migrations.0011_editorial_groups").create_groups(django_apps, None)
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def contributor(db):
    return member_of("Contributor", "carla")


@pytest.fixture
def editor_user(db):
    return member_of("Editor", "eddie")


@pytest.fixture
def publisher(db):
    return member_of("Publisher", "paula")


@pytest.fixture
def role_users(contributor, editor_user, publisher):
    return {"contributor": contributor, "editor": editor_user, "publisher": publisher}


class _FormFields(HTMLParser):
    """Collects what a browser would submit from one form, by the form's id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._select_values: list[str] = []
        self._textarea = None
        self._text: list[str] = []

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._select_values = name, []
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, form_id: str) -> dict:
    """The fields of a rendered form as a browser would post them (lists for multiple values)."""
    parser = _FormFields(form_id)
    parser.feed(html)
    return {
        name: values if len(values) != 1 else values[0]
        for name, values in parser.data.items()
        if values or name
    }


def change_form(client, url: str, form_id: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    return form_data(response.text, form_id)
