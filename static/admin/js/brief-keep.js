/* Nothing typed is lost (see briefs/admin/keeping.py): the brief form's text is kept in this
   browser as it is typed, and on the server every few seconds while it changes and when the
   page is left. On opening the form, a kept copy that differs from it is offered back. */
"use strict";
(function () {
  const config = document.getElementById("brief-desk");
  const form = document.getElementById("brief_form");
  if (!config || !form) {
    return;
  }
  const fieldNames = JSON.parse(config.dataset.autosaveFields);
  const storageKey = "briefs-desk:autosave:" + config.dataset.user + ":" + config.dataset.brief;
  const statusLine = document.getElementById("autosave-status");
  let changedSinceSent = false;
  let submitting = false;

  function current() {
    const values = {};
    fieldNames.forEach(function (name) {
      const field = form.elements[name];
      if (field) {
        values[name] = field.value;
      }
    });
    return values;
  }

  function differs(kept) {
    return Object.keys(kept).some(function (name) {
      const field = form.elements[name];
      return field && field.value !== kept[name];
    });
  }

  function csrfToken() {
    return form.elements.csrfmiddlewaretoken.value;
  }

  function say(text) {
    if (statusLine) {
      statusLine.textContent = text;
    }
  }

  function readLocal() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function keepLocally() {
    try {
      window.localStorage.setItem(
        storageKey,
        JSON.stringify({ fields: current(), at: new Date().toISOString() })
      );
    } catch (error) {
      /* private mode or a full store: the server copy still covers it */
    }
  }

  function forgetLocal() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {
      /* nothing to forget */
    }
  }

  function post(body, keepalive) {
    body.append("csrfmiddlewaretoken", csrfToken());
    return fetch(config.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: keepalive,
      headers: { "X-CSRFToken": csrfToken() },
    });
  }

  function sendAutosave(keepalive) {
    if (!changedSinceSent || submitting) {
      return Promise.resolve();
    }
    changedSinceSent = false;
    const body = new FormData();
    const values = current();
    Object.keys(values).forEach(function (name) {
      body.append(name, values[name]);
    });
    return post(body, keepalive)
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("autosave refused");
        }
        return response.json();
      })
      .then(function (data) {
        say("Autosaved at " + data.saved_at_display + " (not published, not a revision).");
      })
      .catch(function () {
        changedSinceSent = true;
        say("Autosave could not reach the server; your text is kept in this browser.");
      });
  }

  function localTime(iso) {
    return new Date(iso).toLocaleString("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  function offer(kept, when, source, onDiscard) {
    const panel = document.getElementById("autosave-offer");
    panel.querySelector("[data-offer-time]").textContent = when;
    panel.querySelector("[data-offer-source]").textContent = source;
    panel.hidden = false;
    panel.querySelector("[data-offer-take]").addEventListener("click", function () {
      Object.keys(kept).forEach(function (name) {
        const field = form.elements[name];
        if (field) {
          field.value = kept[name];
          field.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      panel.hidden = true;
      changedSinceSent = true;
      if (window.briefsDesk && window.briefsDesk.markDirty) {
        window.briefsDesk.markDirty();
      }
      say("The kept text is in the form. Save to keep it for good.");
    });
    panel.querySelector("[data-offer-discard]").addEventListener("click", function () {
      panel.hidden = true;
      onDiscard();
      say("Discarded.");
    });
  }

  function offerKeptText() {
    const local = readLocal();
    if (local && local.fields && differs(local.fields)) {
      offer(
        local.fields,
        localTime(local.at),
        "was kept in this browser (your session may have ended before it was saved).",
        function () {
          forgetLocal();
          const body = new FormData();
          body.append("discard", "1");
          post(body, false);
        }
      );
      return;
    }
    forgetLocal();
    const serverCopy = JSON.parse(document.getElementById("autosave-offer-data").textContent);
    if (serverCopy && differs(serverCopy.fields)) {
      offer(serverCopy.fields, serverCopy.saved_at_display, "was autosaved on the server.", function () {
        const body = new FormData();
        body.append("discard", "1");
        post(body, false);
      });
    }
  }

  offerKeptText();
  window.briefsDesk = window.briefsDesk || {};
  window.briefsDesk.autosaveNow = function () {
    return sendAutosave(false);
  };
  form.addEventListener("input", function (event) {
    if (event.isTrusted) {
      changedSinceSent = true;
      keepLocally();
    }
  });
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.setInterval(function () {
    sendAutosave(false);
  }, Number(config.dataset.autosaveSeconds) * 1000);
  window.addEventListener("pagehide", function () {
    sendAutosave(true);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      sendAutosave(true);
    }
  });
})();
