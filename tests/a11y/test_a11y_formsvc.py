"""formsvc's pages in every state, in Debian's Chromium: axe-core (WCAG 2.0/2.1 A and AA) on
what the browser shows, and the Nu HTML checker on every HTML document formsvc served.

- forms: each form of formsvc.forms.FORMS at /api/forms/<id>/ (empty, with errors, confirmed),
  and each form embedded in a docs page (errors and confirmation shown in place by the script);
- public pages: every GET route under /api/ without arguments (status, survey, results, Q&A, ...),
  the status check (not found, found, and "Kirim perbaikan" empty, with errors and sent) and the
  survey (errors, thanks);
- back office: login (empty, errors), then every GET route under /api/hr/ without arguments,
  the detail pages of a submission, a survey response and a staff account made by the test, and
  the error state of its account and password forms.
"""
from __future__ import annotations

import re

import pytest

from a11y_support import DESKTOP, describe_nu, java_path, nu_check, site_pages
from formsvc_states import (STAFF_PASSWORD, StateAudit, confirmation_reference, create_staff,
                            error_messages, error_summary_shown, fill, get_routes, submit)

pytestmark = pytest.mark.browser

POST_FORM = ".md-content form[method=post]:not([action*=keluar])"
# Text boxes a person types into (not the honeypot, which is out of the tab order).
TEXT_INPUT = "input:is([type=text], [type=email], [type=tel], :not([type])):not([tabindex='-1']):visible"


@pytest.fixture
def audit(browser, live_server, record, tmp_path):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    state = StateAudit(page, live_server.url, tmp_path, record("axe formsvc", "page states"))
    yield state
    context.close()
    _nu(state, record)
    assert not state.failures, "axe found WCAG A/AA violations:\n" + "\n".join(state.failures)


def _nu(state: StateAudit, record) -> None:
    """Nu HTML checker over every formsvc document the test saw (skipped without Java, like
    the docs check; a failure with REQUIRE_BROWSER=1)."""
    rec = record("Nu HTML checker formsvc", "HTML documents")
    if not java_path() or not state.documents:
        if not java_path():
            rec.note("Java missing: not run")
        return
    errors, ignored = nu_check(list(state.documents))
    rec.checked(len(state.documents))
    if ignored:
        rec.note("theme messages ignored (a11y_support.NU_THEME_IGNORES)")
    if errors:
        names = {str(p.resolve()): what for p, what in state.documents.items()}
        report = describe_nu(errors, names)
        rec.problem(report)
        state.failures.append("Nu HTML checker errors:\n" + report)


def _expect_errors(audit: StateAudit, what: str) -> None:
    if error_summary_shown(audit.page):
        audit.check(f"{what}: errors")
    else:
        audit.failures.append(f"{what}: sending the empty form showed no error summary ({audit.page.url})")


def _expect_confirmation(audit: StateAudit, what: str) -> str | None:
    reference = confirmation_reference(audit.page)
    if reference:
        audit.check(f"{what}: confirmed")
    else:
        audit.failures.append(f"{what}: a filled-in form was not confirmed ({audit.page.url}); "
                              f"errors: {error_messages(audit.page)}")
    return reference


def send_form(audit: StateAudit, path: str, what: str, errors: bool = True) -> str | None:
    """Open a form, send it empty (errors), fill it in and send it (confirmation)."""
    audit.goto(path, f"{what}: empty")
    form = audit.page.locator(POST_FORM).first
    if errors:
        submit(audit.page, form)
        _expect_errors(audit, what)
        form = audit.page.locator(POST_FORM).first
    fill(form)
    submit(audit.page, form)
    return _expect_confirmation(audit, what)


def send_survey(audit: StateAudit, path: str, errors: bool = True) -> bool:
    """The survey: empty, with errors, sent (it answers with thanks, not a reference number)."""
    page = audit.page
    audit.goto(path, "survey: empty")
    if errors:
        submit(page, page.locator(POST_FORM).first)
        _expect_errors(audit, "survey")
    form = page.locator(POST_FORM).first
    fill(form)
    submit(page, form)
    if page.locator(POST_FORM).count() and error_summary_shown(page):
        audit.failures.append(f"survey: a filled-in survey was not accepted: {error_messages(page)}")
        return False
    audit.check("survey: sent")
    return True


def embedded_forms(built_site) -> dict[str, str]:
    """form id -> the first docs page that embeds it."""
    found: dict[str, str] = {}
    for path in site_pages(built_site):
        file = built_site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        for form_id in re.findall(r'data-formsvc="([\w-]+)"', file.read_text(encoding="utf-8")):
            found.setdefault(form_id, path)
    return found


def correct_from_status_page(audit: StateAudit, app, reference: str) -> None:
    """The status page of a request in Perlu Perbaikan: the "Kirim perbaikan" form empty, with
    errors, and sent (its POST route, /api/status/lihat/<token>/perbaikan, is reached here)."""
    from formsvc.extensions import db
    from formsvc.models import StatusEvent, Submission

    with app.app_context():
        submission = db.session.scalars(db.select(Submission).where(Submission.reference == reference)).one()
        submission.status = "perlu_perbaikan"
        db.session.add(StatusEvent(submission=submission, status="perlu_perbaikan",
                                   note="Lampirkan surat pertimbangan atasan."))
        db.session.commit()
    page = audit.page
    audit.goto(page.url.removeprefix(audit.base_url).split("#")[0], "status: perlu perbaikan, form empty")
    form = page.locator("form#form-perbaikan")
    if not form.count():
        audit.failures.append(f"status: no Kirim perbaikan form on a Perlu Perbaikan request ({page.url})")
        return
    submit(page, form)
    _expect_errors(audit, "status: Kirim perbaikan")
    form = page.locator("form#form-perbaikan")
    fill(form)
    submit(page, form)
    if "Perbaikan Anda terkirim" in page.locator("body").inner_text():
        audit.check("status: perbaikan sent")
    else:
        audit.failures.append(f"status: Kirim perbaikan was not accepted ({page.url}): {error_messages(page)}")


def test_public_forms_every_state(audit, live_server, built_site, record):
    from formsvc.forms import FORMS

    assert FORMS, "formsvc.forms.FORMS is empty"
    for form_id in FORMS:
        send_form(audit, f"/api/forms/{form_id}/", f"form {form_id} (/api/forms/{form_id}/)")
    # The same forms embedded in the docs pages: errors and confirmation appear in place.
    for form_id, path in embedded_forms(built_site).items():
        if form_id not in FORMS:
            continue  # status and survey: test_public_pages_status_and_survey
        audit.page.goto(live_server.url + path)
        form = audit.page.locator(f"form[data-formsvc='{form_id}']").first
        submit(audit.page, form)
        _expect_errors(audit, f"embedded {form_id} on {path}")
        form = audit.page.locator(f"form[data-formsvc='{form_id}']").first
        fill(form)
        submit(audit.page, form)
        _expect_confirmation(audit, f"embedded {form_id} on {path}")


def test_public_pages_status_and_survey(audit, live_server, record):
    from formsvc.forms import FORMS

    app = live_server.app
    # Something to look up: a suggestion is the shortest form (any form would do).
    form_id = "saran" if "saran" in FORMS else next(iter(FORMS))
    reference = send_form(audit, f"/api/forms/{form_id}/", f"form {form_id} (for the status page)", errors=False)

    plain, with_args = get_routes(app, "/api/", exclude=("/api/hr", "/api/forms"))
    for path in plain:
        response = audit.page.goto(live_server.url + path)
        if "text/html" in (response.headers.get("content-type") or ""):
            audit.check(f"GET {path}")

    # Status: empty (above), errors, not found, found.
    if any(p.startswith("/api/status") for p in plain):
        page = audit.page
        audit.goto("/api/status/", "status: empty")
        submit(page, page.locator(POST_FORM).first)
        _expect_errors(audit, "status")
        page.locator(POST_FORM).first.locator(TEXT_INPUT).first.fill("ABCD-EFGH")
        submit(page, page.locator(POST_FORM).first)
        audit.check("status: not found")
        if reference:
            audit.goto("/api/status/")
            form = page.locator(POST_FORM).first
            form.locator(TEXT_INPUT).first.fill(reference)
            identity = form.locator(TEXT_INPUT).nth(1)
            if identity.count():
                identity.fill("budi.santoso@example.com")
            submit(page, form)
            if reference in page.locator("body").inner_text():
                audit.check("status: found")
                correct_from_status_page(audit, app, reference)
            else:
                audit.failures.append(f"status: looking up {reference} did not show it ({page.url})")

    # Survey: empty (above), errors, thanks.
    survey = next((p for p in plain if p.startswith("/api/survei") and p.count("/") == 3), None)
    if survey:
        send_survey(audit, survey)
    record("axe formsvc", "page states").note(
        "public routes with arguments reached through the flows: " + ", ".join(sorted(r.rule for r in with_args)))


def test_back_office_every_page(audit, live_server, record):
    from formsvc.extensions import db
    from formsvc.forms import FORMS
    from formsvc.models import Submission

    app = live_server.app
    page = audit.page
    staff_id = create_staff(app, "uji.a11y")
    form_id = "cuti" if "cuti" in FORMS else next(iter(FORMS))
    send_form(audit, f"/api/forms/{form_id}/", f"form {form_id} (for the back office)", errors=False)
    survey_ids = []
    if any(rule.rule == "/api/survei/" for rule in app.url_map.iter_rules()):
        from formsvc.models import SurveyResponse
        send_survey(audit, "/api/survei/", errors=False)
        with app.app_context():
            survey_ids = [r.id for r in db.session.query(SurveyResponse).limit(1)]
    with app.app_context():
        submission = db.session.query(Submission).order_by(Submission.id.desc()).first()
    assert submission is not None, "no submission was stored by the form"

    plain, with_args = get_routes(app, "/api/hr")
    if not plain:
        pytest.skip("no back office routes yet (/api/hr/)")
    # Log in: the login page, its error state, then the real login.
    audit.goto("/api/hr/", "back office: login")
    login = page.locator(POST_FORM).first
    submit(page, login)
    _expect_errors(audit, "back office login")
    login = page.locator(POST_FORM).first
    login.locator(TEXT_INPUT).first.fill("uji.a11y")
    login.locator("input[type=password]").first.fill(STAFF_PASSWORD)
    submit(page, login)
    assert page.locator("input[type=password]").count() == 0 or "/masuk" not in page.url, \
        f"could not log in to the back office: {error_messages(page)}"

    for path in plain:
        response = page.goto(live_server.url + path)
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        audit.check(f"back office GET {path}")
        if path.endswith(("/baru", "/kata-sandi")) and page.locator(POST_FORM).count():
            submit(page, page.locator(POST_FORM).first)
            _expect_errors(audit, f"back office {path}")

    values = {"submission_id": submission.id, "staff_id": staff_id, "response_id": (survey_ids or [None])[0],
              "reference": submission.reference}
    unreached = []
    for rule in with_args:
        args = {name: values.get(name) for name in rule.arguments}
        if any(v is None for v in args.values()):
            unreached.append(rule.rule)
            continue
        path = rule.rule
        for name, value in args.items():
            path = re.sub(r"<(?:[^:<>]+:)?%s>" % name, str(value), path)
        response = page.goto(live_server.url + path)
        if response.status == 200 and "text/html" in (response.headers.get("content-type") or ""):
            audit.check(f"back office GET {path} ({rule.rule})")
        else:
            audit.failures.append(f"back office {rule.rule}: {path} answered {response.status}")
    if unreached:
        record("axe formsvc", "page states").note("back-office routes not opened (downloads, or no id to "
                                                  "fill in): " + ", ".join(sorted(unreached)))
