/* The editors' desk, on every admin page: stacked inline rows labelled for phones, and a
   warning before leaving a change form with unsaved edits. No inline script is needed:
   this file reads the page it is loaded into. */
"use strict";
(function () {
  function labelInlineCells() {
    document.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      const headings = Array.from(table.querySelectorAll("thead th")).map(function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        let column = 0;
        Array.from(row.children).forEach(function (cell) {
          if (cell.tagName === "TD" && headings[column]) {
            cell.dataset.label = headings[column];
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  /* Every control gets a name screen readers can say: the admin's tabular inlines,
     split date/time inputs and select2 boxes come without one. */
  function hasName(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) {
      return true;
    }
    return Boolean(control.id && document.querySelector("label[for='" + control.id + "']"));
  }

  function rowLabel(control) {
    const cell = control.closest("td[data-label]");
    if (cell) {
      return cell.dataset.label;
    }
    const row = control.closest(".form-row, .fieldBox");
    const label = row && row.querySelector("label");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameControls() {
    const scope = document.getElementById("content-main");
    if (!scope) {
      return;
    }
    scope.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
      if (hasName(control)) {
        return;
      }
      let name = rowLabel(control);
      if (control.classList.contains("vDateField")) {
        name += " (date)";
      } else if (control.classList.contains("vTimeField")) {
        name += " (time)";
      }
      if (name.trim()) {
        control.setAttribute("aria-label", name.trim());
      }
    });
    scope.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      const label = document.querySelector("label[for='" + select.id + "']");
      const name = label ? label.textContent.replace(/:\s*$/, "").trim() : rowLabel(select);
      container.querySelectorAll("[role=combobox], [role=textbox], .select2-search__field").forEach(function (box) {
        if (!box.getAttribute("aria-label")) {
          box.setAttribute("aria-label", name);
        }
      });
    });
  }

  /* The change form's own <form> (Django names it after the model: "brief_form"). */
  function changeForm() {
    return document.querySelector("#content-main form[id$='_form'][method='post']");
  }

  function warnBeforeLosingEdits(form) {
    let dirty = false;
    const markDirty = function (event) {
      if (event.isTrusted) {
        dirty = true;
        document.body.classList.add("has-unsaved-edits");
      }
    };
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.briefsDesk = window.briefsDesk || {};
    window.briefsDesk.markDirty = function () {
      dirty = true;
    };
    window.briefsDesk.markSaved = function () {
      dirty = false;
    };
    window.briefsDesk.isDirty = function () {
      return dirty;
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelInlineCells();
    nameControls();
    document.addEventListener("formset:added", function () {
      labelInlineCells();
      nameControls();
    });
    // select2 builds its boxes after the page is ready, and again as rows are added.
    window.addEventListener("load", nameControls);
    new MutationObserver(function (changes) {
      if (changes.some(function (change) { return change.addedNodes.length; })) {
        nameControls();
      }
    }).observe(document.getElementById("content-main") || document.body, {
      childList: true,
      subtree: true,
    });
    const form = changeForm();
    if (form && document.body.classList.contains("change-form")) {
      warnBeforeLosingEdits(form);
    }
  });
})();
