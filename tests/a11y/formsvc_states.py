"""Drive formsvc's pages through their states in a real browser: each form empty, with errors
and confirmed; the status page; the survey; every back-office page.

Pages are found, not listed: forms from formsvc.forms (FORMS, FORM_IDS), other pages from the
app's url_map (GET routes without arguments), back-office detail pages by filling the route's
arguments with the ids of what the test created. A new form or page is covered without
changing this file; a route whose arguments cannot be filled is named in the summary.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from a11y_support import axe_violations, describe_violations, wait_for_page_scripts

REFERENCE = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")
ERROR_SUMMARY = "[data-fs-error-summary], .fs-error-summary, [role=alert]"
CONFIRMATION = "[data-fs-confirmation], .fs-confirmation"
STAFF_PASSWORD = "Uji-aksesibilitas-2026!"

# Values a person would type, chosen by the field's name, type or label (lower case).
# First match wins. Dates are filled by FILL_JS itself (future working days, in order).
FILL_JS = r"""
(form) => {
  const visible = el => {
    if (el.closest('[hidden], [aria-hidden="true"]')) return false;
    if (el.tabIndex < 0 && !['radio', 'checkbox'].includes(el.type)) return false;  // honeypot
    const r = el.getBoundingClientRect();
    if (!(r.width || r.height) && !['radio', 'checkbox'].includes(el.type)) return false;
    if (r.right < 0 || r.bottom < 0 || r.left > 5000) return false;                // off-screen honeypot
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const labelOf = el => ((el.labels && el.labels[0] && el.labels[0].textContent) || '').toLowerCase();
  const set = (el, value) => {
    el.value = value;
    el.dispatchEvent(new Event('input', {bubbles: true}));
    el.dispatchEvent(new Event('change', {bubbles: true}));
  };
  const iso = d => d.toISOString().slice(0, 10);
  const nextWorkday = d => { while ([0, 6].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1); return d; };
  let day = nextWorkday(new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 21)));
  const filled = [];
  const radios = new Set();
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.readOnly) continue;
    if (['hidden', 'submit', 'button', 'reset', 'image', 'file'].includes(el.type)) continue;
    if (el.tagName === 'BUTTON' || el.tagName === 'FIELDSET' || el.tagName === 'OUTPUT') continue;
    const key = (el.name + ' ' + el.id + ' ' + labelOf(el)).toLowerCase();
    if (/situs_web|honeypot|jangan isi/.test(key)) continue;
    if (el.type === 'radio') {
      if (radios.has(el.name)) continue;
      const group = [...form.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`)].filter(visible);
      if (!group.length) continue;
      radios.add(el.name);
      (group.find(r => r.checked) || group[0]).click();
      filled.push(el.name);
      continue;
    }
    if (!visible(el)) continue;
    if (el.type === 'checkbox') { if (!el.checked) el.click(); filled.push(el.name); continue; }
    if (el.tagName === 'SELECT') {
      if (!el.value) { const o = [...el.options].find(o => o.value && !o.disabled); if (o) set(el, o.value); }
      filled.push(el.name); continue;
    }
    if (el.value) { filled.push(el.name); continue; }   // keep what the page preset
    let value;
    if (el.type === 'date') { value = iso(day); day.setUTCDate(day.getUTCDate() + 2); nextWorkday(day); }
    else if (el.type === 'time') value = '08:00';
    else if (el.type === 'email' || /email|surel/.test(key)) value = 'budi.santoso@example.com';
    else if (el.type === 'tel' || /\bhp\b|telepon|telp|whatsapp/.test(key)) value = '081234567890';
    else if (/\bnip\b|nip_|_nip|\bnip /.test(key) || /^nip/.test(el.name)) value = '199001012015031001';
    else if (/umur|usia/.test(key)) value = '35';
    else if (el.type === 'number' || el.inputMode === 'numeric') value = /bulan/.test(key) ? '0' : (/tahun/.test(key) ? '6' : '1');
    else if (/nomor|reference|referensi/.test(key)) value = 'ABCD-EFGH';
    else if (/nama/.test(key)) value = 'Budi Santoso';
    else if (/jabatan/.test(key)) value = 'Analis Kepegawaian';
    else if (/unit|instansi|opd/.test(key)) value = 'Dinas Pendidikan';
    else if (el.tagName === 'TEXTAREA') value = 'Isian uji aksesibilitas: keperluan keluarga di luar kota, dengan alamat lengkap.';
    else value = 'Uji aksesibilitas';
    if (el.maxLength > 0) value = value.slice(0, el.maxLength);
    set(el, value);
    filled.push(el.name);
  }
  return filled;
}
"""


@dataclass
class StateAudit:
    """Collects axe results for every page state, and each HTML document formsvc served."""

    page: object
    base_url: str
    out_dir: Path
    axe_rec: object
    states: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    documents: dict[Path, str] = field(default_factory=dict)  # file -> what it is
    _responses: list = field(default_factory=list)

    def __post_init__(self):
        self.page.on("response", lambda response: self._responses.append(response))

    def check(self, state: str) -> None:
        """axe the page as it is now, and keep the HTML of the documents loaded since last time."""
        wait_for_page_scripts(self.page)
        violations = axe_violations(self.page)
        self.states.append(state)
        self.axe_rec.checked()
        if violations:
            report = describe_violations(state, violations)
            self.failures.append(report)
            self.axe_rec.problem(report)
        self._keep_documents(state)

    def _keep_documents(self, state: str) -> None:
        for response in self._responses:
            request = response.request
            if request.resource_type != "document" or "/api/" not in response.url:
                continue
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            try:
                body = response.text()
            except Exception:  # a redirect has no body
                continue
            path = self.out_dir / f"{len(self.documents):03d}.html"
            path.write_text(body, encoding="utf-8")
            self.documents[path] = f"{state} ({response.status} {response.url.removeprefix(self.base_url)})"
        self._responses.clear()

    def goto(self, path: str, state: str | None = None):
        response = self.page.goto(self.base_url + path)
        self.check(state or f"GET {path}")
        return response


# The smallest file a person could attach: a one-page PDF (formsvc checks the file's magic bytes).
SAMPLE_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
              b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
              b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
              b"trailer<</Root 1 0 R>>\n%%EOF\n")


def fill(form_locator) -> list[str]:
    """Fill every field a person would see (see FILL_JS), and attach a PDF to each file input."""
    filled = form_locator.evaluate(FILL_JS)
    files = form_locator.locator("input[type=file]:not([disabled])")
    for i in range(files.count()):
        files.nth(i).set_input_files(
            {"name": "dokumen-uji.pdf", "mimeType": "application/pdf", "buffer": SAMPLE_PDF})
    return filled


def submit(page, form_locator) -> None:
    """Press the form's main submit button as a person would, and wait for the result."""
    button = form_locator.locator(
        "button[type=submit]:not([tabindex='-1']):not([name=aksi]), input[type=submit]").last
    with page.expect_response(lambda r: r.request.method == "POST", timeout=15000):
        button.click()
    page.wait_for_load_state("load")
    # Sent inline, the script marks the form busy until it has put the answer in its place.
    page.wait_for_function(
        "() => document.readyState === 'complete' && !document.querySelector('form[data-fs-busy]')",
        timeout=15000)
    page.wait_for_timeout(100)


def error_summary_shown(page) -> bool:
    return page.locator(ERROR_SUMMARY).filter(has_text=re.compile(r"\S")).count() > 0


def confirmation_reference(page) -> str | None:
    box = page.locator(CONFIRMATION)
    text = box.first.inner_text() if box.count() else page.locator("body").inner_text()
    match = REFERENCE.search(text)
    return match.group(0) if match else None


def error_messages(page) -> str:
    box = page.locator(ERROR_SUMMARY)
    return box.first.inner_text()[:800] if box.count() else "(no error summary shown)"


# --------------------------------------------------------------------------- url_map discovery

SKIP_PREFIXES = ("/api/static", "/api/dev", "/api/healthz")


def get_routes(app, prefix: str, exclude: tuple[str, ...] = ()) -> tuple[list[str], list]:
    """GET routes under `prefix`: (paths without arguments, rules with arguments)."""
    plain, with_args = [], []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith(prefix):
            continue
        if rule.rule.startswith(SKIP_PREFIXES + exclude):
            continue
        if rule.arguments:
            with_args.append(rule)
        else:
            plain.append(rule.rule)
    return sorted(set(plain)), with_args


def create_staff(app, username: str, role: str = "admin") -> int:
    """A back-office account made the way the back office makes them (its own password hash)."""
    from formsvc.extensions import db
    from formsvc.models import Staff
    try:
        from formsvc.hr.auth import hash_password
    except ImportError:  # the back office not merged yet: argon2, as formsvc's core expects
        from argon2 import PasswordHasher
        hash_password = PasswordHasher().hash
    with app.app_context():
        staff = Staff(username=username, name="Petugas Uji Aksesibilitas", role=role, active=True,
                      email=f"{username}@example.com", password_hash=hash_password(STAFF_PASSWORD))
        db.session.add(staff)
        db.session.commit()
        return staff.id
