/* A small Markdown toolbar for the brief body: heading, bold, italic, link, list, quote, and
   a citation picker that inserts [^N] for a row of the Citations table. Markdown stays the
   stored form; the buttons only type it. */
"use strict";
(function () {
  const body = document.getElementById("id_body");
  if (!body || body.readOnly) {
    return;
  }

  function replaceSelection(text, selectFrom, selectTo) {
    const start = body.selectionStart;
    body.setRangeText(text, start, body.selectionEnd, "end");
    if (selectFrom !== undefined) {
      body.setSelectionRange(start + selectFrom, start + selectTo);
    }
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
    if (window.briefsDesk && window.briefsDesk.markDirty) {
      window.briefsDesk.markDirty();
    }
  }

  function wrap(before, after, placeholder) {
    const selected = body.value.slice(body.selectionStart, body.selectionEnd) || placeholder;
    replaceSelection(before + selected + after, before.length, before.length + selected.length);
  }

  function prefixLines(prefix) {
    const value = body.value;
    const lineStart = value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    let lineEnd = value.indexOf("\n", body.selectionEnd);
    if (lineEnd === -1) {
      lineEnd = value.length;
    }
    body.setSelectionRange(lineStart, lineEnd);
    const lines = value.slice(lineStart, lineEnd).split("\n");
    replaceSelection(
      lines
        .map(function (line) {
          return prefix + line;
        })
        .join("\n")
    );
  }

  const actions = {
    heading: function () {
      prefixLines("## ");
    },
    bold: function () {
      wrap("**", "**", "bold text");
    },
    italic: function () {
      wrap("_", "_", "italic text");
    },
    link: function () {
      const selected = body.value.slice(body.selectionStart, body.selectionEnd) || "link text";
      const text = "[" + selected + "](https://)";
      replaceSelection(text, selected.length + 3, text.length - 1);
    },
    list: function () {
      prefixLines("- ");
    },
    quote: function () {
      prefixLines("> ");
    },
  };

  const buttons = [
    ["heading", "Heading", "H"],
    ["bold", "Bold", "B"],
    ["italic", "Italic", "I"],
    ["link", "Link", "Link"],
    ["list", "Bulleted list", "List"],
    ["quote", "Quote", "Quote"],
  ];

  /* The citations the inline holds now, saved or not: a blank number is given the next one
     on save, as the form does (CitationFormSet). */
  function citationRows() {
    const rows = Array.from(
      document.querySelectorAll("#citations-group tr.form-row:not(.empty-form)")
    ).filter(function (row) {
      const deleted = row.querySelector("input[name$='-DELETE']");
      return !(deleted && deleted.checked);
    });
    const found = rows.map(function (row) {
      const position = row.querySelector("input[name$='-position']");
      const source = row.querySelector("select[name$='-source']");
      const option = source && source.selectedOptions[0];
      return {
        number: position && position.value ? Number(position.value) : null,
        label: option && option.value ? option.textContent.trim() : "",
      };
    }).filter(function (row) {
      return row.label;
    });
    let next = found.reduce(function (max, row) {
      return Math.max(max, row.number || 0);
    }, 0);
    found.forEach(function (row) {
      if (!row.number) {
        next += 1;
        row.number = next;
        row.label += " (numbered on save)";
      }
    });
    return found.sort(function (a, b) {
      return a.number - b.number;
    });
  }

  function buildToolbar() {
    const toolbar = document.createElement("div");
    toolbar.className = "md-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting for the body");
    toolbar.setAttribute("aria-controls", body.id);
    buttons.forEach(function (spec) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button md-" + spec[0];
      button.dataset.action = spec[0];
      button.textContent = spec[2];
      button.title = spec[1];
      button.setAttribute("aria-label", spec[1]);
      button.addEventListener("click", actions[spec[0]]);
      toolbar.appendChild(button);
    });

    const picker = document.createElement("select");
    picker.className = "md-cite";
    picker.setAttribute("aria-label", "Insert a citation marker");
    function fillPicker() {
      picker.replaceChildren(new Option("Cite [^N]…", ""));
      citationRows().forEach(function (row) {
        picker.appendChild(new Option("[^" + row.number + "] " + row.label, String(row.number)));
      });
      if (picker.options.length === 1) {
        picker.appendChild(new Option("Add a citation below first", "", false, false));
        picker.options[1].disabled = true;
      }
    }
    fillPicker();
    picker.addEventListener("focus", fillPicker);
    picker.addEventListener("mousedown", fillPicker);
    picker.addEventListener("change", function () {
      if (picker.value) {
        replaceSelection("[^" + picker.value + "]");
      }
      picker.value = "";
    });
    toolbar.appendChild(picker);
    body.parentNode.insertBefore(toolbar, body);
  }

  buildToolbar();
})();
