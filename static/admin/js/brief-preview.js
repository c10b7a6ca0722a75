/* The live preview beside the brief form (see briefs/preview.py): the public template with
   the unsaved text, refreshed about a second after typing pauses. The text is posted by a
   hidden form into the iframe, so no script runs inside the preview and nothing is saved. */
"use strict";
(function () {
  const panel = document.getElementById("live-preview");
  const form = document.getElementById("brief_form");
  const previewForm = document.getElementById("live-preview-form");
  const toggle = document.querySelector(".live-preview-toggle");
  if (!panel || !form || !previewForm || !toggle) {
    return;
  }
  const rememberKey = "briefs-desk:live-preview-open";
  const PAUSE_MS = 700;
  let timer = null;

  function refresh() {
    previewForm.querySelectorAll("input[type=hidden]:not([name=csrfmiddlewaretoken])").forEach(
      function (input) {
        const field = form.elements[input.name];
        input.value = field ? field.value : "";
      }
    );
    previewForm.submit();
  }

  function setOpen(open) {
    panel.hidden = !open;
    document.body.classList.toggle("live-preview-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide live preview" : "Live preview";
    try {
      window.localStorage.setItem(rememberKey, open ? "1" : "");
    } catch (error) {
      /* the choice is simply not remembered */
    }
    if (open) {
      refresh();
    }
  }

  toggle.addEventListener("click", function () {
    setOpen(panel.hidden);
  });
  panel.querySelector(".live-preview-close").addEventListener("click", function () {
    setOpen(false);
    toggle.focus();
  });
  form.addEventListener("input", function () {
    if (panel.hidden) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, PAUSE_MS);
  });
  let remembered = "";
  try {
    remembered = window.localStorage.getItem(rememberKey) || "";
  } catch (error) {
    remembered = "";
  }
  if (remembered) {
    setOpen(true);
  }
})();
