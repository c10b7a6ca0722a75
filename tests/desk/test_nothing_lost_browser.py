"""Nothing lost, in a real browser: leaving warns, a closed browser's text comes back, an
expired session keeps the text, a chosen image survives a validation error."""

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from briefs.models import Brief, BriefAutosave
from tests.desk.browser_helpers import logged_in_page, settle
from tests.factories import BriefFactory, restore_countries

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def brief(editor_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    restore_countries()
    return BriefFactory(title="GigaChat and YandexGPT", body="The saved body.")


def change_url(live_server, brief):
    return live_server.url + reverse("admin:briefs_brief_change", args=[brief.pk])


def test_leaving_a_form_with_unsaved_edits_warns(live_server, new_page, brief):
    page, _ = logged_in_page(new_page, live_server, "eddie")
    page.goto(change_url(live_server, brief))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("#id_body").press_sequentially(" More.")
    page.click("#nav-sidebar a:has-text('Blocs')")
    assert dialogs == ["beforeunload"]
    assert "More." in page.input_value("#id_body")
    settle(page)


def test_leaving_an_untouched_form_does_not_warn(live_server, new_page, brief):
    page, _ = logged_in_page(new_page, live_server, "eddie")
    page.goto(change_url(live_server, brief))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.click("#nav-sidebar a:has-text('Blocs')")
    page.wait_for_url("**/bloc/")
    assert dialogs == []


def test_a_closed_browsers_work_is_offered_back_on_reopening(
    live_server, new_page, brief, settings
):
    settings.ADMIN_AUTOSAVE_SECONDS = 1  # the browser need not wait half a minute
    page, _ = logged_in_page(new_page, live_server, "eddie")
    page.goto(change_url(live_server, brief))

    def autosaved_everything(response):
        return "/autosave/" in response.url and "laptop died." in (response.request.post_data or "")

    with page.expect_response(autosaved_everything):
        page.locator("#id_body").press_sequentially(" Typed before the laptop died.")
    page.context.close()
    assert BriefAutosave.objects.get().fields["body"].count("laptop died.") == 1

    later, _ = logged_in_page(new_page, live_server, "eddie")  # a new browser: no local copy
    later.goto(change_url(live_server, brief))
    offer = later.locator("#autosave-offer")
    expect(offer).to_be_visible()
    assert "autosaved on the server" in offer.inner_text()
    later.click("[data-offer-take]")
    assert later.input_value("#id_body").count("Typed before the laptop died.") == 1
    later.click("input[name=_continue]")
    brief.refresh_from_db()
    assert brief.body.count("Typed before the laptop died.") == 1
    assert not BriefAutosave.objects.exists()


def test_an_expired_session_keeps_the_text_through_the_login(live_server, new_page, brief):
    page, _ = logged_in_page(new_page, live_server, "eddie")
    page.goto(change_url(live_server, brief))
    page.locator("#id_body").press_sequentially(" Written while the session ran out.")
    page.context.clear_cookies(name="sessionid")  # the session expires; CSRF's cookie stays
    page.click("input[name=_continue]")
    page.wait_for_url("**/login/**")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url("**/change/")
    offer = page.locator("#autosave-offer")
    assert "kept in this browser" in offer.inner_text()
    page.click("[data-offer-take]")
    assert page.input_value("#id_body").count("Written while the session ran out.") == 1
    settle(page)


def png_file(tmp_path):
    path = tmp_path / "photo.png"
    Image.new("RGB", (800, 400), (40, 90, 160)).save(path)
    return path


def test_a_chosen_image_survives_a_validation_error(live_server, new_page, brief, tmp_path):
    brief.status = Brief.Status.DRAFT
    brief.save()
    page, _ = logged_in_page(new_page, live_server, "eddie")
    page.goto(change_url(live_server, brief))
    page.set_input_files("#id_hero_image", str(png_file(tmp_path)))
    page.fill("#id_hero_credit", "Photo: the editors")
    page.click("input[name=_continue]")  # no alt text: refused
    assert "Describe the image" in page.inner_text(".field-hero_alt")
    assert "kept: photo.png" in page.inner_text(".field-hero_image")
    page.fill("#id_hero_alt", "A server hall")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    brief.refresh_from_db()
    assert brief.hero_image.name.endswith("photo.png")
