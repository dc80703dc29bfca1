/* "Apakah halaman ini membantu?" (overrides/partials/feedback.html).
 *
 * Runs on every page through Material's document$ (so it survives instant navigation). The
 * vote is sent to formsvc as soon as Ya or Tidak is chosen; the optional comment updates the
 * same vote. formsvc keeps one vote per page per visitor session; sessionStorage remembers it
 * here so that a page visited again in this session says thank you instead of asking again.
 */
(function () {
  "use strict";
  var ENDPOINT = "/api/feedback";
  var KEY = "lk-feedback:";

  function remembered(page) {
    try { return window.sessionStorage.getItem(KEY + page); } catch (e) { return null; }
  }
  function remember(page, value) {
    try { window.sessionStorage.setItem(KEY + page, value); } catch (e) { /* private mode */ }
  }

  function send(page, helpful, comment) {
    var body = { page: page, helpful: helpful ? "1" : "0" };
    if (comment) { body.comment = comment; }
    return fetch(ENDPOINT, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Requested-With": "fetch", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok || !data.ok) {
          throw new Error(data.error || "Masukan belum terkirim. Coba lagi beberapa saat lagi.");
        }
        return data;
      });
    });
  }

  function setup(form) {
    var page = window.location.pathname;
    var vote = form.querySelector(".lk-feedback__vote");
    var buttons = vote.querySelectorAll("button");
    var commentBox = form.querySelector(".lk-feedback__comment");
    var textarea = commentBox.querySelector("textarea");
    var label = commentBox.querySelector("label");
    var status = form.querySelector(".lk-feedback__status");
    var helpful = null;

    function say(text) { status.textContent = text; }
    function done(text) {
      vote.hidden = true;
      commentBox.hidden = true;
      say(text);
    }

    var before = remembered(page);
    form.hidden = false;
    if (before === "comment") {
      done("Terima kasih. Anda sudah memberi masukan untuk halaman ini.");
      return;
    }
    if (before === "1" || before === "0") {
      done("Terima kasih. Anda sudah menilai halaman ini.");
      return;
    }

    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        helpful = button.value === "1";
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
        say("Mengirim…");
        send(page, helpful).then(function () {
          remember(page, helpful ? "1" : "0");
          vote.hidden = true;
          label.textContent = label.getAttribute(helpful ? "data-lk-label-yes" : "data-lk-label-no");
          commentBox.hidden = false;
          say("Terima kasih, penilaian Anda tersimpan.");
          textarea.focus();
        }).catch(function (error) {
          Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
          say(error.message);
        });
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var comment = textarea.value.trim();
      if (helpful === null) { return; }
      if (!comment) {
        say("Tulis komentar Anda terlebih dahulu, atau lewati saja. Penilaian Anda sudah tersimpan.");
        textarea.focus();
        return;
      }
      var submit = commentBox.querySelector("button");
      submit.disabled = true;
      say("Mengirim…");
      send(page, helpful, comment).then(function () {
        remember(page, "comment");
        done("Terima kasih, komentar Anda tersimpan.");
        status.setAttribute("tabindex", "-1");
        status.focus();
      }).catch(function (error) {
        submit.disabled = false;
        say(error.message);
      });
    });
  }

  function init() {
    var form = document.querySelector("form[data-lk-feedback]");
    if (form && !form.hasAttribute("data-lk-ready")) {
      form.setAttribute("data-lk-ready", "");
      setup(form);
    }
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
