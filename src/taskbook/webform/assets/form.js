// The form, drawn from the description the site generated from the form model and the
// schema (form.json). It holds no rule of its own: every value goes to the validator in
// the page's Python, and its diagnostics come back to the fields they name.

export const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
};

// RFC 6901 pointers into the book's values.
export const tokens = (pointer) =>
  pointer ? pointer.split("/").slice(1).map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~")) : [];
export const join = (base, relative) => (relative ? `${base}/${relative}` : base);

export function getAt(data, pointer) {
  let node = data;
  for (const token of tokens(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[token];
  }
  return node;
}

export function setAt(data, pointer, value) {
  const path = tokens(pointer);
  let node = data;
  path.slice(0, -1).forEach((token, index) => {
    if (node[token] === null || typeof node[token] !== "object") {
      node[token] = /^\d+$/.test(path[index + 1]) ? [] : {};
    }
    node = node[token];
  });
  node[path[path.length - 1]] = value;
}

let serial = 0;
const idFor = (prefix) => `tb-${prefix}-${(serial += 1)}`;

export class FormView {
  /**
   * @param {object} description form.json's "form"
   * @param {object} hooks {changed(pointer), touched(pointer), state()}
   */
  constructor(description, hooks) {
    this.d = description;
    this.hooks = hooks;
  }

  get data() { return this.hooks.state().data; }
  get body() { return this.hooks.state().body; }

  render() {
    const state = this.hooks.state();
    const parts = [
      this.fieldset(this.d.city, "", true),
      this.fieldset(this.d.table, ""),
    ];
    for (const section of this.d.sections) parts.push(this.section(section));
    if (state.base || (Array.isArray(state.data.changes) && state.data.changes.length)) {
      parts.push(this.changes(this.d.changes));
    }
    return el("div", { class: "tb-form-sections" }, parts);
  }

  // --- single values ------------------------------------------------------------------
  control(field, pointer, options = {}) {
    const id = idFor("f");
    const value = pointer === "#slug" ? this.hooks.state().slug : getAt(this.data, pointer);
    const hintId = idFor("h");
    const errorId = `${id}-error`;
    // The form's instruction (or the schema's description) where there is one, else the format.
    const hints = [field.hint || field.format].filter(Boolean);
    const state = this.hooks.state();
    const publicGap = field.private && state.origin?.kind === "city" && (value === null || value === undefined);
    const label = options.label ?? field.label;
    const wrap = el("div", {
      class: `tb-field tb-control-${field.control}${field.private ? " tb-private" : ""}`,
      "data-pointer": pointer,
    });
    const labelNode = el("label", { for: id, class: "tb-label" }, label,
      field.required === false ? el("span", { class: "tb-optional", text: "（选填）" }) : null,
      field.private ? el("span", { class: "tb-badge", title: "个人信息只保存在本浏览器中，公开网站不显示",
        text: "个人信息" }) : null);
    const describedBy = [hints.length ? hintId : null, errorId].filter(Boolean).join(" ");
    let input;
    const changed = (raw) => {
      if (pointer === "#slug") this.hooks.state().slug = raw.trim();
      else setAt(this.data, pointer, raw === "" ? null : raw);
      this.hooks.changed(pointer);
    };
    if (field.control === "fixed" || field.control === "computed" || field.control === "period") {
      const shown = field.control === "period" ? options.shown : field.shown;
      input = el("output", { id, class: "tb-fixed", "aria-describedby": describedBy }, shown ?? String(value ?? ""));
      wrap.append(el("span", { class: "tb-label", id: `${id}-label` }, label), input);
      input.setAttribute("aria-labelledby", `${id}-label`);
    } else if (field.control === "choice") {
      const required = field.required !== false;
      if (field.boxes || (required && field.choices.length <= 4)) {
        const group = el("div", { class: "tb-choices", role: "radiogroup", id, "aria-labelledby": `${id}-legend`,
          "aria-describedby": describedBy, tabindex: "-1" });
        const name = idFor("r");
        for (const choice of field.choices) {
          const radio = el("input", { type: "radio", name, value: choice, onchange: () => changed(choice) });
          if (value === choice) radio.checked = true;
          group.append(el("label", { class: "tb-choice" }, radio, choice));
        }
        wrap.append(el("span", { class: "tb-label", id: `${id}-legend` }, label,
          field.required === false ? el("span", { class: "tb-optional", text: "（选填）" }) : null), group);
        input = group;
      } else {
        input = el("select", { id, "aria-describedby": describedBy, onchange: (e) => changed(e.target.value) },
          el("option", { value: "", text: required ? "请选择" : "（无）" }),
          field.choices.map((choice) => el("option", { value: choice, text: choice })));
        input.value = value ?? "";
        wrap.append(labelNode, input);
      }
    } else {
      const multiline = field.control === "textarea";
      input = el(multiline ? "textarea" : "input", {
        id,
        name: pointer,
        rows: multiline ? (options.rows ?? 3) : null,
        type: multiline ? null : "text",
        inputmode: field.control === "integer" ? "numeric" : field.control === "number" ? "decimal" : null,
        autocomplete: "off",
        spellcheck: multiline ? null : "false",
        "aria-describedby": describedBy,
        "aria-required": field.required === false ? null : "true",
        oninput: (e) => changed(e.target.value),
        onblur: () => this.hooks.touched(pointer),
      });
      input.value = value === null || value === undefined ? "" : String(value);
      wrap.append(labelNode, input);
      if (field.unit) wrap.append(el("span", { class: "tb-unit", text: field.unit }));
    }
    input.dataset.pointer = pointer;
    if (hints.length) wrap.append(el("p", { class: "tb-hint", id: hintId, text: hints.join(" ") }));
    if (publicGap) wrap.append(el("p", { class: "tb-gap", text: "公开版本不含此项个人信息，请填写。" }));
    wrap.append(el("p", { class: "tb-error", id: errorId, hidden: true }));
    return wrap;
  }

  template(node, base = "") {
    const id = idFor("t");
    const line = el("p", { class: "tb-template" });
    for (const part of node.parts) {
      if (typeof part === "string") {
        part.split("\n").forEach((piece, index) => {
          if (index) line.append(el("br"));
          if (piece) line.append(piece);
        });
        continue;
      }
      const pointer = base ? join(base, part.pointer) : part.pointer;
      const value = getAt(this.data, pointer);
      const input = el("input", {
        type: "text", class: "tb-inline", "aria-label": part.path.replace(/第 1 项 › /, ""),
        inputmode: part.control === "integer" ? "numeric" : part.control === "number" ? "decimal" : null,
        autocomplete: "off", "aria-describedby": `${id}-error`,
        size: part.control === "integer" || part.control === "number" ? 4 : 18,
        oninput: (e) => { setAt(this.data, pointer, e.target.value === "" ? null : e.target.value); this.hooks.changed(pointer); },
        onblur: () => this.hooks.touched(pointer),
      });
      if (part.control === "choice") {
        const select = el("select", { class: "tb-inline", "aria-label": part.path.replace(/第 1 项 › /, ""),
          "aria-describedby": `${id}-error`,
          onchange: (e) => { setAt(this.data, pointer, e.target.value || null); this.hooks.changed(pointer); } },
        el("option", { value: "", text: "请选择" }), part.choices.map((c) => el("option", { value: c, text: c })));
        select.value = value ?? "";
        select.dataset.pointer = pointer;
        line.append(select);
        continue;
      }
      input.value = value === null || value === undefined ? "" : String(value);
      input.dataset.pointer = pointer;
      line.append(input);
    }
    const hints = node.parts.filter((p) => typeof p !== "string" && p.hint).map((p) => `${p.label}：${p.hint}`);
    return el("div", { class: "tb-field tb-template-field", "data-pointer": base || node.parts.find((p) => typeof p !== "string").pointer.replace(/\/[^/]+$/, "") },
      node.label && !base ? el("span", { class: "tb-label", text: node.label }) : null,
      line,
      hints.length ? el("p", { class: "tb-hint", text: hints.join("；") }) : null,
      el("p", { class: "tb-error", id: `${id}-error`, hidden: true }));
  }

  fieldset(node, base, city = false) {
    const children = node.children.map((child) => {
      if (child.kind === "fieldset") return this.fieldset(child, base);
      if (child.kind === "field") return this.control(child, child.pointer);
      if (child.kind === "template") return this.template(child);
      if (child.kind === "list") return this.list(child);
      return null;
    });
    const pointer = city ? "/city" : "";
    return el("fieldset", { class: `tb-group${city ? " tb-city" : ""}`, "data-pointer": pointer || null },
      el("legend", { text: node.legend }), el("div", { class: "tb-group-body" }, children),
      el("div", { class: "tb-group-errors", hidden: true }));
  }

  // --- lists --------------------------------------------------------------------------
  list(node, headingLevel = 0) {
    const items = () => {
      const value = getAt(this.data, node.pointer);
      return Array.isArray(value) ? value : [];
    };
    const container = el("div", { class: "tb-list", "data-pointer": node.pointer });
    const fixed = Array.isArray(node.periods);
    const draw = () => {
      container.replaceChildren();
      const title = node.legend ?? node.heading;
      if (title) {
        container.append(headingLevel ? el(`h${headingLevel}`, { class: "tb-section-title", text: title })
          : el("p", { class: "tb-list-title", text: title }));
      }
      if (node.hint) container.append(el("p", { class: "tb-hint", text: node.hint }));
      for (const hint of node.hints ?? []) container.append(el("p", { class: "tb-hint", text: hint }));
      // 五's groups: 负责人 (A/B 角) first, as the printed table lists them.
      if (node.groups?.length) container.append(el("p", { class: "tb-hint", text: node.groups[0].label }));
      container.append(el("div", { class: "tb-group-errors", hidden: true }));
      const list = el("ol", { class: "tb-items" });
      items().forEach((item, index) => {
        const base = `${node.pointer}/${index}`;
        const shownPeriod = fixed ? (node.periods[index]?.shown ?? item?.period) : null;
        const caption = fixed ? shownPeriod : `${node.item} ${index + 1}`;
        const fields = node.statement
          ? [this.template({ label: "", parts: node.statement }, base)]
          // A quarter's period is its caption: fixed by the form, not typed.
          : node.columns.filter((column) => column.control !== "period")
            .map((column) => this.control(column, join(base, column.pointer), { rows: 2 }));
        const remove = fixed ? null : el("button", {
          type: "button", class: "tb-remove md-button",
          text: `删除${node.item} ${index + 1}`,
          onclick: () => {
            if (!window.confirm(`删除${node.item} ${index + 1}？`)) return;
            items().splice(index, 1);
            this.hooks.changed(node.pointer);
            draw();
          },
        });
        list.append(el("li", { class: "tb-item", "data-pointer": base },
          el("p", { class: "tb-item-title", text: caption }), el("div", { class: "tb-item-fields" }, fields), remove,
          el("div", { class: "tb-group-errors", hidden: true })));
      });
      container.append(list);
      if (!fixed) {
        container.append(el("button", {
          type: "button", class: "tb-add md-button",
          text: `增加一项${node.item}`,
          onclick: () => {
            if (!Array.isArray(getAt(this.data, node.pointer))) setAt(this.data, node.pointer, []);
            const item = {};
            for (const column of node.columns) item[column.pointer] = null;
            items().push(item);
            this.hooks.changed(node.pointer);
            draw();
            const fields = container.querySelectorAll(".tb-item");
            fields[fields.length - 1]?.querySelector("input, textarea, select")?.focus();
          },
        }));
      }
      this.hooks.drawn?.();
    };
    draw();
    return container;
  }

  // --- sections -----------------------------------------------------------------------
  section(node) {
    if (node.kind === "list") {
      const wrap = el("section", { class: "tb-section" });
      wrap.append(this.list({ ...node, legend: node.heading }, 2));
      for (const text of node.fixed) wrap.append(el("p", { class: "tb-fixed-text", text }));
      return wrap;
    }
    if (node.kind === "body") return this.bodySection(node);
    const wrap = el("section", { class: "tb-section tb-shared" },
      el("h2", { class: "tb-section-title", text: node.heading }),
      el("p", { class: "tb-note" },
        node.number === "六"
          ? "签章在纸质任务书印制、签字、盖章后进行，之后再补录签章记录，这里无需填写。"
          : "各城市相同，网站和导出的正式任务书会自动加入，这里无需填写。",
        " ", el("a", { href: "../terms/", text: "查看全文" })));
    return wrap;
  }

  bodySection(node) {
    const index = this.d.sections.filter((s) => s.kind === "body").indexOf(node);
    const section = this.body.sections[index];
    const wrap = el("section", { class: "tb-section tb-body", "data-block": `s${index}` },
      el("h2", { class: "tb-section-title", text: node.heading }));
    if (node.hint) wrap.append(el("p", { class: "tb-hint", text: node.hint }));
    wrap.append(el("div", { class: "tb-group-errors", hidden: true }));
    // Text an opened book has before its first heading, or under a section's own heading:
    // kept and shown, never dropped.
    if (index === 0 && this.body.lead) wrap.append(this.textBlock("lead", "正文开头（第一个标题之前）的文字", this.body, "lead", null));
    if (section.text) wrap.append(this.textBlock(`s${index}`, "本部分开头的文字", section, "text", null));
    node.parts.forEach((part, number) => {
      const written = section.parts[number];
      if (part.before) wrap.append(el("p", { class: "tb-printed-heading", text: part.before }));
      wrap.append(this.textBlock(`s${index}p${number}`, written.heading, written, "text", part.hint));
      if (written.topics) wrap.append(this.topics(`s${index}p${number}`, written));
    });
    for (const text of node.fixed) wrap.append(el("p", { class: "tb-fixed-text", text }));
    return wrap;
  }

  textBlock(block, label, holder, key, hint, level = 3) {
    const id = idFor("b");
    const hintId = hint ? `${id}-hint` : null;
    const area = el("textarea", {
      id, rows: 6, "data-block": block, "aria-describedby": [hintId, `${id}-error`].filter(Boolean).join(" "),
      oninput: (e) => { holder[key] = e.target.value; this.hooks.changed(`#body:${block}`); },
    });
    area.value = holder[key] ?? "";
    return el("div", { class: `tb-field tb-text-block tb-level-${level}`, "data-block": block },
      el("label", { for: id, class: "tb-label tb-heading-label" }, label),
      hint ? el("p", { class: "tb-hint", id: hintId, text: hint }) : null,
      area,
      el("p", { class: "tb-error", id: `${id}-error`, hidden: true }));
  }

  topics(block, part) {
    const container = el("div", { class: "tb-topics" });
    const draw = () => {
      container.replaceChildren();
      part.topics.forEach((topic, number) => {
        const id = `${block}t${number}`;
        if (topic.key) {
          container.append(this.textBlock(id, topic.heading, topic, "text", null, 4));
          return;
        }
        const titleId = idFor("o");
        const own = el("div", { class: "tb-own-topic", "data-block": id },
          el("label", { for: titleId, class: "tb-label" }, "本市自选研究内容的标题"),
          el("input", { id: titleId, type: "text", value: topic.heading,
            oninput: (e) => { topic.heading = e.target.value; this.hooks.changed(`#body:${id}`); } }),
          this.textBlock(id, topic.heading || "（自选研究内容）", topic, "text", null, 4),
          el("button", { type: "button", class: "tb-remove md-button", text: "删除这项自选研究内容",
            onclick: () => {
              if (!window.confirm("删除这项自选研究内容？")) return;
              part.topics.splice(number, 1);
              this.hooks.changed(`#body:${block}`);
              draw();
            } }));
        container.append(own);
      });
      container.append(el("button", { type: "button", class: "tb-add md-button", text: "增加一项本市自选研究内容",
        onclick: () => {
          part.topics.push({ key: null, heading: "", text: "" });
          this.hooks.changed(`#body:${block}`);
          draw();
          container.querySelector(".tb-own-topic:last-of-type input")?.focus();
        } }));
      this.hooks.drawn?.();
    };
    draw();
    return container;
  }

  // --- 任务调整记录 --------------------------------------------------------------------
  changes(node) {
    const state = this.hooks.state();
    const approved = (state.base?.data?.changes ?? []).length;
    const wrap = el("section", { class: "tb-section tb-changes", "data-pointer": node.pointer },
      el("h2", { class: "tb-section-title", text: node.heading }),
      el("p", { class: "tb-hint", text: node.hint }));
    if (state.base) {
      wrap.append(el("p", { class: "tb-approved" },
        "本市任务书已审核通过（本网站已公布）。修改任何内容，都须在下面追加一项调整记录，写明调整内容和理由说明；",
        "已有的记录不能改动。"));
    }
    wrap.append(el("div", { class: "tb-group-errors", hidden: true }));
    const list = el("ol", { class: "tb-items" });
    const entries = Array.isArray(state.data.changes) ? state.data.changes : [];
    entries.forEach((entry, index) => {
      const base = `${node.pointer}/${index}`;
      if (index < approved) {
        list.append(el("li", { class: "tb-item tb-locked", "data-pointer": base },
          el("p", { class: "tb-item-title", text: `${node.item} ${index + 1}（已审核，不能改动）` }),
          el("dl", { class: "tb-record" }, node.columns.flatMap((column) => [
            el("dt", { text: column.label }), el("dd", { text: String(entry?.[column.pointer] ?? "") })]))));
        return;
      }
      list.append(el("li", { class: "tb-item", "data-pointer": base },
        el("p", { class: "tb-item-title", text: `${node.item} ${index + 1}（本次追加）` }),
        el("div", { class: "tb-item-fields" }, node.columns.map((column) => this.control(column, join(base, column.pointer)))),
        el("button", { type: "button", class: "tb-remove md-button", text: "删除这项调整记录",
          onclick: () => { entries.splice(index, 1); this.hooks.changed(node.pointer); this.hooks.redraw(); } }),
        el("div", { class: "tb-group-errors", hidden: true })));
    });
    wrap.append(list, el("button", {
      type: "button", class: "tb-add md-button", text: "追加一项调整记录",
      onclick: () => {
        if (!Array.isArray(state.data.changes)) state.data.changes = [];
        const today = new Date();
        const pad = (n) => String(n).padStart(2, "0");
        state.data.changes.push({ date: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`,
          summary: null, reason: null });
        this.hooks.changed(node.pointer);
        this.hooks.redraw();
        const added = document.querySelectorAll(".tb-changes .tb-item:not(.tb-locked)");
        added[added.length - 1]?.querySelector("textarea, input")?.focus();
      },
    }));
    return wrap;
  }
}
