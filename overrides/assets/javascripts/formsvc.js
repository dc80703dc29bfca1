/* formsvc forms, enhanced. Without this script every form still works: POST, then the
   server redirects to the confirmation or shows the form again with its errors.
   With it: the form is sent inline (fetch), focus moves to the error summary or to the
   confirmation, files stay selected after an error, the working days of a leave are counted
   as the dates change, and a service's checklist follows the chosen service.
   Initialised through Material's document$ so that it survives instant navigation. */
(function () {
  "use strict";

  var MAX_BODY = 10 * 1024 * 1024;
  var FETCH_HEADERS = { "X-Requested-With": "fetch", "Accept": "application/json" };

  function init(root) {
    document.documentElement.classList.add("fs-js");
    (root || document).querySelectorAll("form[data-formsvc]").forEach(enhance);
  }

  function enhance(form) {
    if (form.dataset.fsReady) return;
    form.dataset.fsReady = "1";
    form.addEventListener("submit", function (event) { onSubmit(form, event); });
    form.addEventListener("click", function (event) { onSummaryLink(form, event); });
    var start = form.querySelector("[name=tanggal_mulai]");
    var end = form.querySelector("[name=tanggal_selesai]");
    if (start && end && form.querySelector("[data-fs-working-days-output]")) {
      start.addEventListener("change", function () { countWorkingDays(form); });
      end.addEventListener("change", function () { countWorkingDays(form); });
    }
    var service = form.querySelector("select[name=layanan]");
    if (service && form.querySelector("[data-fs-checklist]")) {
      service.addEventListener("change", function () { updateChecklist(form); });
    }
    form.querySelectorAll("[data-fs-when]").forEach(function (block) {
      form.querySelectorAll("input[name='" + block.dataset.fsWhen + "']").forEach(function (radio) {
        radio.addEventListener("change", function () { showRelevant(form); });
      });
    });
    showRelevant(form);
  }

  /* Questions that only matter for one choice (e.g. "anak ke-" for maternity leave) are shown
     when that choice is made. Without JavaScript they are all shown, with hints that say when. */
  function showRelevant(form) {
    form.querySelectorAll("[data-fs-when]").forEach(function (block) {
      var chosen = form.querySelector("input[name='" + block.dataset.fsWhen + "']:checked");
      var relevant = chosen && block.dataset.fsValues.split(" ").indexOf(chosen.value) !== -1;
      block.hidden = !relevant && !block.querySelector(".fs-error");
    });
  }

  /* A link of the error summary moves to its field. Handled here, not by the browser: the
     theme's instant navigation would otherwise load the page again and lose what was typed. */
  function onSummaryLink(form, event) {
    var link = event.target.closest && event.target.closest("[data-fs-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var field = target.closest(".fs-field") || target;
    field.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  function statusBox(form) {
    return form.querySelector("[data-fs-status]");
  }

  function say(form, text) {
    var box = statusBox(form);
    if (box) box.textContent = text;
  }

  function setBusy(form, busy) {
    var button = form.querySelector("[data-fs-submit]");
    if (busy) {
      form.dataset.fsBusy = "1";
      if (button) button.disabled = true;
    } else {
      delete form.dataset.fsBusy;
      if (button) button.disabled = false;
    }
  }

  function totalUploadSize(form) {
    var total = 0;
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
    });
    return total;
  }

  function onSubmit(form, event) {
    var submitter = event.submitter;
    if (submitter && submitter.name === "aksi") {
      // "Hitung hari kerja" / "Tampilkan persyaratan": answered in place, nothing is sent.
      event.preventDefault();
      if (submitter.value === "hitung") countWorkingDays(form, true);
      if (submitter.value === "persyaratan") updateChecklist(form);
      return;
    }
    if (!window.fetch || !window.FormData) return; // old browser: the normal POST
    event.preventDefault();
    if (form.dataset.fsBusy) return; // a double click sends once
    if (totalUploadSize(form) > MAX_BODY) {
      say(form, "Ukuran lampiran terlalu besar. Setiap lampiran paling besar 2 MB, paling banyak 5 berkas.");
      return;
    }
    setBusy(form, true);
    say(form, "Mengirim\u2026");
    fetch(form.action, { method: "POST", body: new FormData(form), headers: FETCH_HEADERS, credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return { ok: false, status: response.status }; });
      })
      .then(function (payload) {
        if (payload.ok && payload.html) return showConfirmation(form, payload.html);
        if (payload.html) return showErrors(form, payload.html);
        setBusy(form, false);
        say(form, payload.error || "Terjadi kesalahan. Data Anda belum terkirim. Silakan coba lagi.");
      })
      .catch(function () {
        setBusy(form, false);
        say(form, "Tidak dapat terhubung ke server. Data Anda belum terkirim. Periksa koneksi internet, lalu coba lagi.");
      });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content;
  }

  function showConfirmation(form, html) {
    var content = fragment(html);
    var confirmation = content.querySelector("[data-fs-confirmation]");
    form.replaceWith(content);
    if (confirmation) {
      confirmation.focus();
      confirmation.scrollIntoView({ block: "start" });
    }
  }

  function showErrors(form, html) {
    var replacement = fragment(html).querySelector("form[data-formsvc]");
    if (!replacement) return;
    // Keep the files the person chose, unless the server said the files themselves are wrong.
    form.querySelectorAll("input[type=file]").forEach(function (old) {
      var input = replacement.querySelector("input[type=file][name='" + old.name + "']");
      var field = input && input.closest(".fs-field");
      if (input && old.files && old.files.length && !(field && field.querySelector(".fs-error"))) {
        try { input.files = old.files; } catch (e) { /* the person chooses again */ }
      }
    });
    form.replaceWith(replacement);
    enhance(replacement);
    var summary = replacement.querySelector("[data-fs-error-summary]");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  }

  var timers = new WeakMap();

  function countWorkingDays(form, now) {
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { requestWorkingDays(form); }, now ? 0 : 250));
  }

  function requestWorkingDays(form) {
    var output = form.querySelector("[data-fs-working-days-output]");
    var start = form.querySelector("[name=tanggal_mulai]").value;
    var end = form.querySelector("[name=tanggal_selesai]").value;
    if (!output) return;
    if (!start || !end) {
      output.textContent = "Isi tanggal mulai dan tanggal selesai untuk menghitung hari kerja.";
      return;
    }
    var url = form.action + "hari-kerja?mulai=" + encodeURIComponent(start) + "&selesai=" + encodeURIComponent(end);
    fetch(url, { headers: FETCH_HEADERS, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (payload) {
        if (payload.ok) output.innerHTML = payload.html;
        else output.textContent = payload.message || payload.error || "Jumlah hari kerja belum dapat dihitung.";
      })
      .catch(function () { output.textContent = "Jumlah hari kerja belum dapat dihitung. Coba lagi."; });
  }

  function updateChecklist(form) {
    var box = form.querySelector("[data-fs-checklist]");
    var service = form.querySelector("select[name=layanan]");
    if (!box || !service) return;
    fetch(form.action + "persyaratan?layanan=" + encodeURIComponent(service.value),
          { headers: FETCH_HEADERS, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (payload) { if (payload.ok) box.innerHTML = payload.html; })
      .catch(function () { /* the checklist stays as it was */ });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { init(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
