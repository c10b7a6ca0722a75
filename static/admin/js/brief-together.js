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

  /* No "leaving" message: an editor not heard from for a minute drops off by itself. */
  function beat() {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    return fetch(presence.dataset.presenceUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        return response.ok && !response.redirected ? response.json() : { others: [] };
      })
      .then(function (data) {
        show(data.others || []);
      })
      .catch(function () {
        /* presence is a courtesy: a failed heartbeat changes nothing */
      });
  }

  window.setInterval(beat, Number(presence.dataset.presenceSeconds) * 1000);

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
