/* taskbook: the filter of 城市一览, in the page itself (no server, no outside host).
 * The page holds an empty .tb-filter box, a .tb-count line and a .tb-list table whose
 * header cells marked .tb-filter-by (省份, 状态) become choices; a text box matches any
 * cell of a row (city, lead unit, task id, leader...). The count says how many rows are
 * shown, and the choices are kept in the address (?省份=河北省&q=...), so a filtered list
 * can be bookmarked or sent. */
(function () {
  "use strict";

  function text(node) { return (node.textContent || "").replace(/\s+/g, " ").trim(); }

  function setUp(box) {
    var list = document.querySelector("article .tb-list table");
    var count = document.querySelector("article .tb-count");
    if (!list || !list.tBodies[0] || box.getAttribute("data-tb-ready")) return;
    box.setAttribute("data-tb-ready", "");
    var rows = Array.prototype.slice.call(list.tBodies[0].rows);
    var headers = Array.prototype.slice.call(list.tHead.rows[0].cells);
    var params = new URLSearchParams(window.location.search);
    var controls = [];

    headers.forEach(function (header, column) {
      if (!header.classList.contains("tb-filter-by")) return;
      var name = text(header);
      var values = [];
      rows.forEach(function (row) {
        var value = text(row.cells[column]);
        if (values.indexOf(value) < 0) values.push(value);
      });
      var label = document.createElement("label");
      label.className = "tb-filter-field";
      var caption = document.createElement("span");
      caption.textContent = name;
      var select = document.createElement("select");
      select.name = name;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "全部";
      select.appendChild(all);
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.value = values.indexOf(params.get(name)) >= 0 ? params.get(name) : "";
      label.appendChild(caption);
      label.appendChild(select);
      box.appendChild(label);
      controls.push({ name: name, column: column, input: select });
    });

    var label = document.createElement("label");
    label.className = "tb-filter-field tb-filter-text";
    var caption = document.createElement("span");
    caption.textContent = "查找";
    var input = document.createElement("input");
    input.type = "search";
    input.name = "q";
    input.placeholder = "城市、牵头单位、负责人或任务编号";
    input.value = params.get("q") || "";
    label.appendChild(caption);
    label.appendChild(input);
    box.appendChild(label);

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button tb-filter-reset";
    reset.textContent = "清除筛选";
    box.appendChild(reset);

    function apply() {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var keep = controls.every(function (control) {
          return !control.input.value || text(row.cells[control.column]) === control.input.value;
        });
        var all = text(row).toLowerCase();
        keep = keep && words.every(function (word) { return all.indexOf(word) >= 0; });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      if (count) {
        count.textContent = shown === rows.length
          ? "显示全部 " + rows.length + " 个城市。"
          : "显示 " + shown + " 个城市（共 " + rows.length + " 个）。";
      }
      var query = new URLSearchParams();
      controls.forEach(function (control) {
        if (control.input.value) query.set(control.name, control.input.value);
      });
      if (input.value.trim()) query.set("q", input.value.trim());
      var search = query.toString();
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    controls.forEach(function (control) { control.input.addEventListener("change", apply); });
    input.addEventListener("input", apply);
    reset.addEventListener("click", function () {
      controls.forEach(function (control) { control.input.value = ""; });
      input.value = "";
      apply();
    });
    apply();
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("article .tb-filter"), setUp);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
