"""The operator's journey without a mouse: Tab and Enter to sign in, open the agreement list
and open an agreement; every element reached by Tab shows where the focus is."""

import pytest

from tests.browser.journeys.conftest import DESKTOP
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  // A ring of at least 2 px (Chromium's own is 1 px and easily missed) or a focus shadow.
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return {
    tag: el.tagName, name: el.name || '', text: (el.innerText || el.value || '').trim(),
    visible: outline || style.boxShadow !== 'none',
  };
}"""


def _tab_to(page, matches, unseen: list[str], limit: int = 60) -> dict:
    """Press Tab until the focused element satisfies `matches` (the element focused already,
    e.g. an autofocus field, counts without a Tab); note any focused element that shows no
    focus ring."""
    focused = page.evaluate(FOCUSED)
    for _ in range(limit):
        if focused["tag"] != "BODY" and matches(focused):
            return focused
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            unseen.append(f"{page.url}: Tab meninggalkan halaman")
        elif not focused["visible"]:
            unseen.append(f"{page.url}: {focused['tag']} {focused['name']} {focused['text']}")
    raise AssertionError(f"tidak tercapai dengan Tab di {page.url}")


def test_operator_signs_in_and_opens_an_agreement_with_the_keyboard_only(
    ponorogo_data, live_server, page, walk
):
    walk = walk(page, DESKTOP)
    unseen: list[str] = []
    page.goto(f"{live_server.url}/masuk/")
    _tab_to(page, lambda f: f["name"] == "username", unseen)
    page.keyboard.type("operator.ponorogo")
    _tab_to(page, lambda f: f["name"] == "password", unseen)
    page.keyboard.type(PASSWORD)
    walk.look("masuk")
    page.keyboard.press("Enter")
    page.get_by_test_id("current-office").wait_for()

    _tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Kerja Sama", unseen)
    walk.look("fokus-menu")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kerja-sama/")
    _tab_to(page, lambda f: f["tag"] == "A" and f["text"].startswith("NK pendidikan"), unseen)
    walk.look("fokus-baris")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{ponorogo_data['nk'].get_absolute_url()}")
    page.get_by_role("heading", name="NK pendidikan pemilih").wait_for()
    walk.look("rincian")
    assert not unseen, "Fokus tidak terlihat:\n" + "\n".join(unseen)
