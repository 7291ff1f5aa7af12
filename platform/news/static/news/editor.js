// A small editor for news articles: buttons that put simple HTML around the selected text.
// The server keeps only an allow-list of tags (news/richtext.py), whatever is typed here.
(function () {
  "use strict";

  function replaceSelection(textarea, before, after, fallback) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var selected = textarea.value.slice(start, end) || fallback;
    var inserted = before + selected + after;
    textarea.setRangeText(inserted, start, end, "end");
    textarea.setSelectionRange(start + before.length, start + before.length + selected.length);
    textarea.focus();
  }

  function asList(text, tag) {
    var items = text.split("\n").filter(function (line) { return line.trim() !== ""; });
    if (items.length === 0) { items = [""]; }
    return "<" + tag + ">\n" + items.map(function (line) {
      return "  <li>" + line.trim() + "</li>";
    }).join("\n") + "\n</" + tag + ">";
  }

  function setUp(toolbar) {
    var textarea = document.getElementById(toolbar.getAttribute("data-editor-for"));
    if (!textarea) { return; }
    var field = textarea.closest(".field") || textarea;
    field.parentNode.insertBefore(toolbar, field);
    toolbar.hidden = false;

    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var wrap = button.getAttribute("data-wrap");
      var list = button.getAttribute("data-list");
      if (wrap) {
        replaceSelection(textarea, "<" + wrap + ">", "</" + wrap + ">", "");
      } else if (list) {
        var start = textarea.selectionStart;
        var end = textarea.selectionEnd;
        textarea.setRangeText(asList(textarea.value.slice(start, end), list), start, end, "end");
        textarea.focus();
      } else if (button.hasAttribute("data-link")) {
        var address = window.prompt(button.getAttribute("data-prompt"), "https://");
        if (!address || !/^(https?:\/\/|mailto:)/i.test(address)) { textarea.focus(); return; }
        var safe = address.replace(/"/g, "%22");
        replaceSelection(textarea, '<a href="' + safe + '">', "</a>", address);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-editor-for]").forEach(setUp);
  });
})();
