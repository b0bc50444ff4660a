/* taskbook: sortable tables, written for this site (no outside code, no outside host).
 * Every table with a header row in the page content is sortable: click (or press Enter
 * on) a header cell to sort by that column, again to reverse. Numbers sort as numbers,
 * everything else in Chinese collation order. The information table (.tb-form) is not a
 * list and is left alone. */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-Hans-CN", { numeric: true });

  function key(cell) {
    var text = (cell.getAttribute("data-sort") || cell.textContent || "").trim();
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
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function enable(table) {
    if (table.dataset.tbSortable || !table.tHead || table.classList.contains("tb-form")) return;
    table.dataset.tbSortable = "1";
    table.classList.add("tb-sortable");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      header.tabIndex = 0;
      header.title = "点击排序";
      header.addEventListener("click", function () { sort(table, column, header); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort(table, column, header);
        }
      });
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
