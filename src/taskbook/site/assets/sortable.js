/* taskbook: sortable tables, written for this site (no outside code, no outside host).
 * Every table with a header row in the page content is sortable: each header cell holds
 * a button (so keyboards and screen readers find it and hear that it sorts) and carries
 * aria-sort from the start ("none" until it is used); pressing it sorts by that column,
 * again to reverse. Numbers sort as numbers, everything else in Chinese collation order.
 * The table gets a data attribute, never a class: mkdocs-material styles only
 * table:not([class]). The information table (.tb-form) and the quarter × city matrix
 * (.tb-matrix) are not lists and are left alone. */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-Hans-CN", { numeric: true });

  function key(cell) {
    var text = (cell.textContent || "").trim();
    var number = text.replace(/,/g, "");
    return /^-?\d+(\.\d+)?$/.test(number) ? { n: parseFloat(number), t: text } : { n: null, t: text };
  }

  function compare(a, b) {
    if (a.n !== null && b.n !== null) return a.n - b.n;
    if (a.n !== null) return -1;
    if (b.n !== null) return 1;
    return collator.compare(a.t, b.t);
  }

  function sort(table, column, header) {
    var body = table.tBodies[0];
    if (!body) return;
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, index) {
      return { row: row, key: key(row.cells[column] || row), index: index };
    });
    keyed.sort(function (a, b) {
      var order = compare(a.key, b.key) || a.index - b.index;
      return descending ? -order : order;
    });
    keyed.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    table.dispatchEvent(new CustomEvent("tb-sorted", { bubbles: true }));
  }

  function enable(table) {
    if (table.hasAttribute("data-tb-sortable") || !table.tHead || !table.tHead.rows.length
        || table.classList.contains("tb-form") || table.classList.contains("tb-matrix")) return;
    table.setAttribute("data-tb-sortable", "");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tb-sort";
      button.title = "按此列排序";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () { sort(table, column, header); });
    });
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("article table"), enable);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
