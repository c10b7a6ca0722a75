/* Editing together (see briefs/admin/together.py): a presence heartbeat while the brief form
   is open, and the take-theirs / keep-yours buttons of a field-by-field merge. */
"use strict";
(function () {
  const presence = document.getElementById("presence");
  const form = document.getElementById("brief_form");
  if (!presence || !form) {
    return;
  }

  function csrfToken() {
    return form.elements.csrfmiddlewaretoken.value;
  }

  function show(others) {
    presence.replaceChildren();
    others.forEach(function (other) {
      const note = document.createElement("p");
      note.className = "presence-note";
      note.textContent = other.name + " has had this open since " + other.since + ".";
      presence.appendChild(note);
    });
  }

  function beat(leaving) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    if (leaving) {
      body.append("leaving", "1");
    }
    return fetch(presence.dataset.presenceUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: leaving,
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        return response.ok && !response.redirected ? response.json() : { others: [] };
      })
      .then(function (data) {
        if (!leaving) {
          show(data.others || []);
        }
      })
      .catch(function () {
        /* presence is a courtesy: a failed heartbeat changes nothing */
      });
  }

  window.setInterval(function () {
    beat(false);
  }, Number(presence.dataset.presenceSeconds) * 1000);
  window.addEventListener("pagehide", function () {
    beat(true);
  });

  document.querySelectorAll("[data-merge-take]").forEach(function (button) {
    button.addEventListener("click", function () {
      const row = button.closest(".merge-row");
      const side = button.dataset.mergeTake === "theirs" ? "[data-merge-theirs]" : "[data-merge-mine]";
      const field = form.elements[button.dataset.field];
      if (field) {
        field.value = row.querySelector(side).textContent;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        row.classList.add("merge-chosen");
        if (window.briefsDesk && window.briefsDesk.markDirty) {
          window.briefsDesk.markDirty();
        }
      }
    });
  });
})();
