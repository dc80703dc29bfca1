"""Keyboard only: the leave form can be reached, filled in and sent without a mouse, focus is
always visible, and the error summary and the confirmation receive focus.

Run on the leave form embedded in its procedure page (sent inline by the script) and on its own
page (/api/forms/cuti/). Only the keyboard is used: Tab, Shift+Tab, Space, Enter and typing.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from formsvc_states import CONFIRMATION, ERROR_SUMMARY, SAMPLE_PDF

pytestmark = pytest.mark.browser

LEAVE_PAGE = "/layanan/cuti/cuti-tahunan/"
LEAVE_FORM = "form[data-formsvc='cuti']"
MAX_TABS = 400

# What the focused element is, and how it looks, in one round trip.
FOCUS_INFO_JS = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const form = el.closest('form[data-formsvc]');
  const label = (el.labels && el.labels[0]) ? el.labels[0].textContent.trim().toLowerCase() : '';
  return {
    tag: el.tagName, type: el.type || '', name: el.name || '', id: el.id || '',
    label, inputmode: el.inputMode || '', inForm: !!form, checked: !!el.checked,
    isMainSubmit: el.type === 'submit' && !el.name && !!form && el.tabIndex >= 0,
    text: (el.textContent || '').trim().slice(0, 60),
  };
}
"""

# Styles that show focus, on the element and on what draws it (its label, parent, next sibling).
FOCUS_LOOK_JS = r"""
() => {
  const el = document.activeElement;
  const parts = [el, ...(el.labels || []), el.parentElement, el.nextElementSibling].filter(Boolean);
  const props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'border-color',
                 'background-color', 'text-decoration-line', 'color'];
  return parts.map(p => { const s = getComputedStyle(p); return props.map(n => s.getPropertyValue(n)).join('|'); }).join('||');
}
"""


def workday_after(days: int) -> dt.date:
    day = dt.date.today() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def date_typing_order(page) -> str:
    """The order a person types a date in this browser's date field (it follows the browser's
    language): probed on a scratch field that is removed again."""
    page.evaluate("() => { const i = document.createElement('input'); i.type = 'date'; i.id = '__probe';"
                  " document.body.prepend(i); }")
    page.focus("#__probe")
    page.keyboard.type("02032027")
    value = page.evaluate("() => { const i = document.getElementById('__probe'); const v = i.value;"
                          " i.remove(); return v; }")
    return {"2027-03-02": "%d%m%Y", "2027-02-03": "%m%d%Y"}.get(value, "%Y%m%d")


def value_for(info: dict, dates: list[dt.date], date_order: str = "%d%m%Y") -> str | None:
    key = f"{info['name']} {info['id']} {info['label']}".lower()
    if re.search(r"situs_web|jangan isi", key):
        return None
    if info["type"] == "date":
        return dates.pop(0).strftime(date_order) if dates else None
    if info["type"] == "email" or "email" in key:
        return "budi.santoso@example.com"
    if info["type"] == "tel" or re.search(r"\bhp\b|telepon", key):
        return "081234567890"
    if re.search(r"\bnip\b|^nip", key):
        return "199001012015031001"
    if "bulan" in key:
        return "0"
    if "tahun" in key and info["inputmode"] == "numeric":
        return "6"
    if info["inputmode"] == "numeric" or info["type"] == "number":
        return "1"
    if "nama" in key:
        return "Budi Santoso"
    if "jabatan" in key:
        return "Analis Kepegawaian"
    if "unit" in key:
        return "Dinas Pendidikan"
    if info["tag"] == "TEXTAREA":
        return "Keperluan keluarga di luar kota. Alamat: Jalan Merdeka 1."
    return "Uji keyboard"


class Keyboard:
    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self.looked_at: set[tuple] = set()

    def info(self):
        return self.page.evaluate(FOCUS_INFO_JS)

    def tab(self) -> dict | None:
        self.page.keyboard.press("Tab")
        info = self.info()
        # Once per element: a date input has several stops (day, month, year, picker), and
        # moving focus back into it would start again at its first one.
        key = info and (info["tag"], info["type"], info["name"], info["id"], info["text"])
        if info and info["inForm"] and key not in self.looked_at:
            self.looked_at.add(key)
            self.check_focus_visible(info)
        return info

    def check_focus_visible(self, info: dict) -> None:
        """Focused vs not focused must look different (outline, shadow, border, colour)."""
        focused = self.page.evaluate(FOCUS_LOOK_JS)
        self.page.evaluate("() => { window.__kb = document.activeElement; document.activeElement.blur(); }")
        blurred = self.page.evaluate(
            "() => { const el = window.__kb; const parts = [el, ...(el.labels || []), el.parentElement, "
            "el.nextElementSibling].filter(Boolean); const props = ['outline-style', 'outline-width', "
            "'outline-color', 'box-shadow', 'border-color', 'background-color', 'text-decoration-line', 'color'];"
            "return parts.map(p => { const s = getComputedStyle(p); return props.map(n => "
            "s.getPropertyValue(n)).join('|'); }).join('||'); }")
        # Put focus back where the keyboard had it; Chromium keeps :focus-visible after keyboard use.
        self.page.evaluate("() => window.__kb.focus()")
        if focused == blurred:
            self.problems.append(f"no visible focus on {info['tag']} name={info['name']!r} id={info['id']!r}")

    def tab_to(self, predicate, what: str) -> dict:
        for _ in range(MAX_TABS):
            info = self.tab()
            if info and predicate(info):
                return info
        raise AssertionError(f"{what} cannot be reached with Tab")

    def wait_focus_in(self, selector: str, what: str) -> None:
        try:
            self.page.wait_for_function(
                "(sel) => document.activeElement && document.activeElement.closest(sel)", arg=selector, timeout=15000)
        except Exception:
            summary = self.page.locator(ERROR_SUMMARY)
            shown = summary.first.inner_text()[:500] if summary.count() else "(no error summary)"
            raise AssertionError(f"{what} did not receive focus; focus is on {self.info()}; "
                                 f"error summary: {shown}") from None

    def focused_in(self, selector: str) -> bool:
        return self.page.evaluate(
            "(sel) => { const el = document.activeElement; return !!el && !!el.closest(sel); }", selector)


def visible_controls(page) -> set[str]:
    """Names of the leave form's controls a sighted person can use (hidden and honeypot excluded)."""
    return set(page.locator(LEAVE_FORM).first.evaluate(r"""
    (form) => [...form.elements].filter(el => el.name && !['hidden', 'submit', 'button'].includes(el.type)
        && el.tagName !== 'FIELDSET' && el.tabIndex >= 0 && !el.closest('[hidden],[aria-hidden="true"]')
        && (el.getClientRects().length || ['radio', 'checkbox', 'file'].includes(el.type))
        && getComputedStyle(el.closest('div') || el).display !== 'none').map(el => el.name)
    """))


def run_leave_form_by_keyboard(page, url: str) -> list[str]:
    kb = Keyboard(page)
    page.goto(url)
    page.wait_for_load_state("load")
    page.locator(LEAVE_FORM).first.wait_for()

    date_order = date_typing_order(page)

    # 1. Send the empty form: Tab to its button, Enter. The error summary gets focus.
    kb.tab_to(lambda i: i["isMainSubmit"], "the send button")
    page.keyboard.press("Enter")
    kb.wait_focus_in(ERROR_SUMMARY, "the error summary")

    # 2. Fill every field with the keyboard, in tab order, from the summary onwards.
    expected = visible_controls(page)
    reached, filled = set(), set()
    dates = [workday_after(21), workday_after(23)]
    for _ in range(MAX_TABS):
        info = kb.tab()
        if info is None or not info["inForm"]:
            continue
        if info["isMainSubmit"]:
            break
        reached.add(info["name"])
        if info["name"] in filled:
            continue  # the next stop inside the same control (a date's month and year)
        kind = info["type"]
        if kind == "radio":
            if not info["checked"]:
                page.keyboard.press("Space")   # the first option of each group
            filled.add(info["name"])
        elif kind == "checkbox":
            if not info["checked"] and not re.search(r"sisa|haji", info["name"]):
                page.keyboard.press("Space")
            filled.add(info["name"])
        elif kind == "file":
            chooser = open_file_chooser_by_keyboard(page)
            chooser.set_files({"name": "surat.pdf", "mimeType": "application/pdf", "buffer": SAMPLE_PDF})
            filled.add(info["name"])
        elif info["tag"] in ("INPUT", "TEXTAREA") and kind not in ("submit", "button"):
            value = value_for(info, dates, date_order)
            if value is None:
                continue
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.type(value)
            if kind == "date":
                typed = page.evaluate("() => document.activeElement.value")
                assert typed, f"typing {value} did not fill the date field {info['name']} ({date_order})"
            filled.add(info["name"])
        # newly shown fields (e.g. the date count) are simply reached by the next Tab
        expected |= visible_controls(page)
    else:
        raise AssertionError("the send button was not reached after filling the form")
    missing = expected - reached
    assert not missing, f"fields not reachable with Tab: {sorted(missing)}"

    # 3. Send with Space on the focused button: the confirmation gets focus.
    page.keyboard.press("Space")
    kb.wait_focus_in(CONFIRMATION, "the confirmation")
    text = page.locator(CONFIRMATION).first.inner_text()
    assert re.search(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", text), f"no reference number shown:\n{text}"
    return kb.problems


@pytest.mark.parametrize("path", [LEAVE_PAGE, "/api/forms/cuti/"], ids=["embedded", "own-page"])
def test_leave_form_by_keyboard_alone(browser, live_server, record, path):
    rec = record("keyboard (leave form)", "runs")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="id-ID")
    page = context.new_page()
    try:
        problems = run_leave_form_by_keyboard(page, live_server.url + path)
    except AssertionError as exc:
        rec.problem(f"{path}: {exc}")
        raise
    finally:
        context.close()
    rec.checked()
    for problem in problems:
        rec.problem(f"{path}: {problem}")
    assert not problems, "focus not visible:\n" + "\n".join(problems)


def open_file_chooser_by_keyboard(page):
    """Space on the focused file input opens the chooser. On a busy machine Chromium now and
    then drops the first press; a second press is what a person would do too."""
    for attempt in range(3):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press("Space")
            return chooser.value
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
