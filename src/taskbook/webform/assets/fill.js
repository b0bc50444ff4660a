// 在线填写: the page's flow. The form is drawn from form.json (form.js); every check is the
// project's own Python (taskbook validate's rules) running in a worker under Pyodide.
// Nothing typed here leaves the browser except through the user's own download, copy or
// the GitHub page the user opens; drafts stay in this browser's storage.
import { FormView, el, getAt } from "./form.js";

const DRAFT_KEY = "taskbook-fill-draft";
const EMPTY = new Set(["field-empty", "field-missing"]);
const URL_LIMIT = 8000; // GitHub refuses longer addresses; a whole book in Chinese is far longer.

const root = document.getElementById("tb-fill");
const here = new URL(".", import.meta.url); // the page's folder: its files and the worker's scope
const state = {
  data: null, body: null, slug: "", origin: null, base: null,
  touched: new Set(), showAll: false, result: null, published: null,
};
let config;
let view;
let python;
let madePython;
const pythonMade = new Promise((resolve) => { madePython = resolve; });
// Every request waits for the worker (made once the service worker is in place).
const ask = async (op, request) => (await pythonMade).call(op, request);

// --- Python in a worker ------------------------------------------------------------------
class Python {
  constructor(site) {
    this.worker = new Worker(new URL("worker.js", here), { type: "module" });
    this.pending = new Map();
    this.next = 0;
    this.worker.onmessage = ({ data }) => {
      const done = this.pending.get(data.id);
      this.pending.delete(data.id);
      if (data.ok) done?.resolve(data.result); else done?.reject(new Error(data.error));
    };
    this.worker.onerror = (event) => {
      for (const done of this.pending.values()) done.reject(new Error(event.message || "worker"));
      this.pending.clear();
    };
    this.ready = this.send("start", { python: site.python, pyodide: site.pyodide });
  }

  send(op, request) {
    const id = (this.next += 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, request });
    });
  }

  async call(op, request) {
    await this.ready;
    return this.send("call", { op, ...request });
  }
}

// --- small helpers -----------------------------------------------------------------------
const text = (value) => (value === null || value === undefined ? "" : String(value));
const bookPath = () => `cities/${state.slug || "<城市文件夹名>"}/taskbook.md`;
const toBase64 = (buffer) => {
  let binary = "";
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

function announce(message) {
  const live = root.querySelector(".tb-live");
  live.textContent = "";
  window.setTimeout(() => { live.textContent = message; }, 50);
}

function status(message, kind = "info") {
  const line = root.querySelector(".tb-status");
  line.textContent = message;
  line.dataset.kind = kind;
}

// --- drafts ------------------------------------------------------------------------------
let saveTimer;
function saveDraft() {
  window.clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => {
    if (!state.data) return;
    const draft = { version: 1, savedAt: new Date().toISOString(), data: state.data, body: state.body,
      slug: state.slug, origin: state.origin, base: state.base };
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
      root.querySelector(".tb-saved").textContent = `草稿已于 ${new Date().toLocaleTimeString("zh-CN")} 保存在本浏览器中。`;
    } catch {
      root.querySelector(".tb-saved").textContent = "本浏览器不允许保存草稿：关闭页面前请先下载文件。";
    }
  }, 500);
}

function loadDraft() {
  try {
    const draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null");
    return draft && draft.version === 1 && draft.data ? draft : null;
  } catch {
    return null;
  }
}

function clearDraft() {
  if (!window.confirm("清除本浏览器中保存的草稿（含个人信息）？尚未下载的内容将无法恢复。")) return;
  localStorage.removeItem(DRAFT_KEY);
  Object.assign(state, { data: null, body: null, slug: "", origin: null, base: null, result: null });
  state.touched.clear();
  state.showAll = false;
  root.querySelector(".tb-saved").textContent = "草稿已清除。";
  showStart(true);
  announce("草稿已清除");
}

// --- opening a book ----------------------------------------------------------------------
function openBook(opened, origin, base = null, restored = false) {
  state.data = opened.data;
  state.body = opened.body;
  state.slug = opened.slug || "";
  state.origin = origin;
  state.base = base;
  state.touched.clear();
  state.showAll = false;
  state.result = null;
  drawForm();
  showStart(false);
  if (!restored) saveDraft();
  scheduleCheck(0);
}

function drawForm() {
  const holder = root.querySelector(".tb-form");
  holder.replaceChildren(view.render());
  holder.hidden = false;
  root.querySelector(".tb-leave").hidden = false;
  const where = root.querySelector(".tb-origin");
  const origin = state.origin || {};
  where.textContent = {
    blank: "正在填写：新建的空白任务书。",
    upload: `正在填写：打开的文件 ${origin.name || ""}。`,
    word: `正在填写：从 Word 文件 ${origin.name || ""} 读入的任务书。`,
    city: `正在修改：本网站已公布的 ${origin.name || ""} 任务书（公开版本不含个人信息，须补填）。`,
  }[origin.kind] || "";
  showImported(origin.kind === "word" ? origin.imported || [] : null);
  if (state.result) applyResult(state.result);
}

// What `taskbook import`'s code could not place when it read a Word file: table, row, cell
// and the text found, so that the work group looks it up in Word and fills it in.
function showImported(found) {
  const box = root.querySelector(".tb-imported");
  if (found === null) {
    box.hidden = true;
    return;
  }
  box.replaceChildren(
    el("h2", { id: "tb-imported-title", text: "从 Word 读入" }),
    el("p", { text: found.length
      ? `已按任务书的栏目读入 Word 文件。以下 ${found.length} 处文字对应不到任何栏目，没有读入：请对照 Word 文件核对，需要的内容请补填到相应栏目。`
      : "已按任务书的栏目读入 Word 文件的全部内容。请对照 Word 文件逐项核对。" }),
    ...(found.length ? [el("ul", {}, found.map((d) => el("li", { text: d.message })))] : []));
  box.hidden = false;
}

async function published() {
  if (!state.published) {
    const response = await fetch(new URL(config.site.api, here), { cache: "no-cache" });
    if (!response.ok) throw new Error(String(response.status));
    state.published = (await response.json()).cities || [];
  }
  return state.published;
}

async function openBlank(form) {
  const values = Object.fromEntries(new FormData(form).entries());
  const message = form.querySelector(".tb-start-error");
  message.hidden = true;
  status("正在生成空白任务书……");
  try {
    const opened = await ask("blank", {
      city: { name: values.name, province: values.province, seq: values.seq, code: values.code }, slug: values.slug,
    });
    if (opened.error) {
      message.textContent = opened.error;
      message.hidden = false;
      status("请按提示修改城市信息。", "error");
      return;
    }
    openBook(opened, { kind: "blank" });
    status("已生成空白任务书：请逐项填写，每处问题会显示在该项下面。");
  } catch (error) {
    status(`生成失败：${error.message}`, "error");
  }
}

async function openFile(input) {
  const file = input.files?.[0];
  if (!file) return;
  const message = root.querySelector(".tb-open-error");
  message.hidden = true;
  status(`正在打开 ${file.name}……`);
  try {
    const opened = await ask("open", { name: file.name, base64: toBase64(await file.arrayBuffer()) });
    if (opened.error) {
      message.replaceChildren(el("p", { text: opened.error }),
        el("ul", {}, (opened.diagnostics || []).map((d) => el("li", {
          // A Word file has no lines: its messages name the table, row and cell themselves.
          text: d.code.startsWith("import-") ? d.message : `第 ${d.line} 行：${d.message}` }))));
      message.hidden = false;
      status("文件未能打开。", "error");
      return;
    }
    let base = null;
    try {
      const cities = await published();
      const city = getAt(opened.data, "/city/name");
      const match = cities.find((c) => c.slug === opened.slug || c.data?.city?.name === city);
      if (match) {
        base = { data: match.data, body: match.body };
        opened.slug = opened.slug || match.slug;
      }
    } catch {
      // Offline or no published books: the file is opened as a new book.
    }
    const word = Array.isArray(opened.imported);
    openBook(opened, { kind: word ? "word" : "upload", name: file.name, imported: opened.imported || [] }, base);
    const opening = word ? "已从 Word 文件读入，请对照原文件逐项核对。" : "已打开。";
    status(base ? `${opening}这是本网站已公布城市的任务书：修改内容须追加一项调整记录。` : opening);
  } catch (error) {
    status(`打开失败：${error.message}`, "error");
  } finally {
    input.value = "";
  }
}

async function openPublished(select) {
  const slug = select.value;
  if (!slug) return;
  status("正在打开已公布的任务书……");
  try {
    const entry = (await published()).find((c) => c.slug === slug);
    const opened = await ask("published", { data: entry.data, body: entry.body, slug });
    if (opened.error) throw new Error(opened.error);
    openBook(opened, { kind: "city", name: entry.data?.city?.name || slug }, { data: entry.data, body: entry.body });
    status("已打开。请补填个人信息；修改任何内容后，须在「任务调整记录」中追加一项。");
  } catch (error) {
    status(`打开失败：${error.message}`, "error");
  }
}

// --- checking ----------------------------------------------------------------------------
let checkTimer;
let checkSerial = 0;
function scheduleCheck(delay = 350) {
  window.clearTimeout(checkTimer);
  checkTimer = window.setTimeout(runCheck, delay);
}

async function runCheck() {
  if (!state.data) return;
  const serial = (checkSerial += 1);
  root.dataset.state = "checking";
  try {
    const result = await ask("check", { data: state.data, body: state.body, slug: state.slug, base: state.base });
    if (serial !== checkSerial) return;
    state.result = result;
    applyResult(result);
    root.dataset.state = "checked";
  } catch (error) {
    status(`检查失败：${error.message}`, "error");
    root.dataset.state = "failed";
  }
}

function holderOf(target) {
  const form = root.querySelector(".tb-form");
  if (!target) return null;
  if (target.startsWith("#body:")) {
    const block = target.slice(6);
    return form.querySelector(`.tb-field[data-block="${block}"]`) || form.querySelector(`[data-block="${block}"]`);
  }
  let pointer = target;
  while (pointer !== "") {
    const found = form.querySelector(`[data-pointer="${CSS.escape(pointer)}"]`);
    if (found) return found;
    if (target === "#slug") return null;
    pointer = pointer.slice(0, pointer.lastIndexOf("/"));
  }
  return null;
}

function shown(d) {
  return !EMPTY.has(d.code) || state.showAll || state.touched.has(d.target) || state.touched.has(d.pointer);
}

function applyResult(result) {
  const form = root.querySelector(".tb-form");
  const focused = document.activeElement?.closest?.(".tb-field");
  const before = focused?.querySelector(".tb-error")?.textContent || "";
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const node of form.querySelectorAll(".tb-error, .tb-group-errors")) { node.replaceChildren(); node.hidden = true; }
  for (const node of form.querySelectorAll(".tb-field.tb-has-error")) node.classList.remove("tb-has-error");
  const general = [];
  let hidden = 0;
  for (const d of result.diagnostics) {
    if (!shown(d)) { hidden += 1; continue; }
    const holder = holderOf(d.target);
    const line = el("span", { class: `tb-message tb-${d.severity}`, "data-code": d.code, text: d.message });
    if (!holder) { general.push(d); continue; }
    const field = holder.closest(".tb-field");
    if (field) {
      const box = field.querySelector(":scope > .tb-error");
      box.append(line);
      box.hidden = false;
      field.classList.add("tb-has-error");
      const input = holder.matches("input, select, textarea, [role=radiogroup]") ? holder
        : field.querySelector("textarea, select, input, [role=radiogroup]");
      if (d.severity === "error") input?.setAttribute("aria-invalid", "true");
    } else {
      const box = holder.querySelector(":scope > .tb-group-errors") || holder.querySelector(".tb-group-errors");
      if (box) { box.append(el("p", {}, line)); box.hidden = false; } else general.push(d);
    }
  }
  summarize(result, general, hidden);
  const after = focused?.querySelector(".tb-error")?.textContent || "";
  if (focused && after !== before) announce(after || "此项已无问题。");
}

function summarize(result, general, hidden) {
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const visible = errors.length - hidden;
  const summary = root.querySelector(".tb-summary");
  let message;
  if (!errors.length) {
    message = result.warnings ? `没有错误，有 ${result.warnings} 条提醒。可以下载并提交。` : "全部通过：可以下载并提交。";
  } else if (hidden && !state.showAll) {
    message = `还有 ${hidden} 项待填写${visible ? `，另有 ${visible} 个错误` : ""}。`;
  } else {
    message = `还有 ${errors.length} 个问题需要改正。`;
  }
  summary.textContent = message;
  summary.dataset.ok = errors.length ? "false" : "true";
  const list = root.querySelector(".tb-general");
  list.replaceChildren(...general.map((d) => el("li", { text: d.message })));
  list.hidden = general.length === 0;
}

// --- leaving with the book ---------------------------------------------------------------
function currentText() {
  return state.result?.text || "";
}

async function copyText() {
  const value = currentText();
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    const area = el("textarea", { class: "tb-offscreen", readonly: true });
    area.value = value;
    document.body.append(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }
}

function download() {
  if (!state.result) return;
  const blob = new Blob([currentText()], { type: "text/markdown;charset=utf-8" });
  const link = el("a", { href: URL.createObjectURL(blob), download: "taskbook.md" });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  note(errorsLeft()
    ? `已下载 taskbook.md（草稿：还有 ${errorsLeft()} 个错误，改正后再提交）。请把它保存为 ${bookPath()}。`
    : `已下载 taskbook.md。请把它保存为 ${bookPath()}，然后提交。`);
}

const errorsLeft = () => (state.result?.errors ?? 0);

function note(message) {
  const line = root.querySelector(".tb-leave-note");
  line.textContent = message;
  line.hidden = false;
  announce(message);
}

async function toGitHub() {
  const site = config.site;
  if (!site.repo_url) return;
  if (!state.slug) { note("请先填写“城市文件夹名（拼音）”。"); return; }
  const path = `cities/${state.slug}/taskbook.md`;
  const repo = site.repo_url.replace(/\/+$/, "");
  const branch = encodeURIComponent(site.branch || "main");
  const editing = Boolean(state.base);
  let url;
  let message;
  if (!editing) {
    const prefilled = `${repo}/new/${branch}?filename=${encodeURIComponent(path)}&value=${encodeURIComponent(currentText())}`;
    if (prefilled.length <= URL_LIMIT) {
      url = prefilled;
      message = "已在新窗口打开 GitHub 的新建文件页面，内容已填好：点击 Commit changes（或 Propose changes），再按提示发起合并请求（pull request）。";
    }
  }
  if (!url) {
    const copied = await copyText();
    url = editing ? `${repo}/edit/${branch}/${path}` : `${repo}/new/${branch}?filename=${encodeURIComponent(path)}`;
    message = (copied ? "全文已复制。" : "未能自动复制，请先点“复制全文”。")
      + (editing ? "在打开的 GitHub 编辑页面中全选原有内容（Ctrl+A），粘贴替换（Ctrl+V），"
        : "在打开的 GitHub 新建文件页面的编辑框中粘贴（Ctrl+V），")
      + "再点击 Commit changes（或 Propose changes），按提示发起合并请求（pull request）。";
  }
  window.open(url, "_blank", "noopener");
  note(errorsLeft() ? `${message}注意：还有 ${errorsLeft()} 个错误，GitHub 上的检查不会通过，请先改正。` : message);
}

// --- the page ----------------------------------------------------------------------------
function startPanel() {
  const fields = config.form.city.children.map((field) => {
    const name = field.pointer === "#slug" ? "slug" : field.pointer.split("/").pop();
    const id = `tb-start-${name}`;
    const hint = field.format || field.hint || "";
    return el("div", { class: "tb-field" },
      el("label", { for: id, class: "tb-label" }, field.label,
        field.required === false ? el("span", { class: "tb-optional", text: "（选填）" }) : null),
      el("input", { id, name, type: "text", autocomplete: "off", inputmode: field.control === "integer" ? "numeric" : null,
        "aria-describedby": hint ? `${id}-hint` : null }),
      hint ? el("p", { class: "tb-hint", id: `${id}-hint`, text: hint }) : null);
  });
  const blank = el("form", { class: "tb-way", onsubmit: (e) => { e.preventDefault(); openBlank(e.target); } },
    el("h3", { text: "新建：从空白任务书开始" }),
    el("p", { class: "tb-hint", text: "与命令 taskbook new 生成的模板相同，已按本市信息填好任务编号、任务名称和八个季度。" }),
    fields,
    el("p", { class: "tb-start-error tb-error", role: "alert", hidden: true }),
    el("button", { type: "submit", class: "md-button md-button--primary", text: "生成空白任务书" }));
  const fileId = "tb-open-file";
  const upload = el("div", { class: "tb-way" },
    el("h3", { text: "打开已有的文件（taskbook.md 或 Word）" }),
    el("label", { for: fileId, class: "tb-label", text: "选择文件" }),
    el("input", { id: fileId, type: "file", accept: ".md,.markdown,.txt,.docx,.doc,.wps,.rtf", "aria-describedby": `${fileId}-hint`,
      onchange: (e) => openFile(e.target) }),
    el("p", { class: "tb-hint", id: `${fileId}-hint`,
      text: "例如上次下载的 taskbook.md，或用 Word 填好的任务书（.docx，按任务书表格中的栏目名称读入；.doc 请先在 Word 或 WPS 中另存为 .docx）。" }),
    el("div", { class: "tb-open-error tb-error", role: "alert", hidden: true }));
  const selectId = "tb-open-city";
  const select = el("select", { id: selectId, "aria-describedby": `${selectId}-hint` },
    el("option", { value: "", text: "请选择城市" }));
  const loadCities = async () => {
    if (select.options.length > 1) return;
    try {
      for (const city of await published()) {
        select.append(el("option", { value: city.slug, text: `${city.data?.city?.name || city.slug}（${city.data?.city?.province || ""}）` }));
      }
    } catch {
      select.replaceChildren(el("option", { value: "", text: "暂时无法读取已公布的任务书" }));
    }
  };
  const city = el("div", { class: "tb-way" },
    el("h3", { text: "修改本网站已公布的任务书" }),
    el("label", { for: selectId, class: "tb-label", text: "城市" }),
    select,
    el("p", { class: "tb-hint", id: `${selectId}-hint`,
      text: "公开版本不含个人信息，须重新填写；修改已审核的任务书时须追加一项调整记录。" }),
    el("button", { type: "button", class: "md-button", text: "打开", onclick: () => openPublished(select) }));
  // The published books are read only when asked for: a first visit need not fetch them.
  select.addEventListener("focus", loadCities, { once: true });
  select.addEventListener("pointerdown", loadCities, { once: true });
  return el("section", { class: "tb-start", "aria-labelledby": "tb-start-title" },
    el("h2", { id: "tb-start-title", text: "开始填写" }),
    el("div", { class: "tb-ways" }, blank, upload, city));
}

function showStart(open) {
  root.querySelector(".tb-start").hidden = !open;
  root.querySelector(".tb-switch").hidden = open || !state.data;
  if (open && !state.data) {
    root.querySelector(".tb-form").hidden = true;
    root.querySelector(".tb-leave").hidden = true;
  }
}

function leavePanel() {
  const repo = config.site.repo_url;
  return el("section", { class: "tb-leave", "aria-labelledby": "tb-leave-title", hidden: true },
    el("h2", { id: "tb-leave-title", text: "检查、下载和提交" }),
    el("p", { class: "tb-summary", role: "status" }),
    el("ul", { class: "tb-general", hidden: true }),
    el("div", { class: "tb-actions" },
      el("button", { type: "button", class: "md-button", text: "检查全部",
        onclick: () => { state.showAll = true; if (state.result) applyResult(state.result); announce(root.querySelector(".tb-summary").textContent); } }),
      el("button", { type: "button", class: "md-button md-button--primary tb-download", text: "下载 taskbook.md", onclick: download }),
      el("button", { type: "button", class: "md-button tb-copy", text: "复制全文",
        onclick: async () => note(await copyText() ? "全文已复制，可粘贴到文本编辑器或 GitHub 的编辑框中。" : "未能复制：请改用“下载 taskbook.md”。") }),
      repo ? el("button", { type: "button", class: "md-button tb-github", text: "在 GitHub 上提交", onclick: toGitHub }) : null),
    el("p", { class: "tb-leave-note", role: "status", hidden: true }),
    el("p", { class: "tb-hint" }, "文件须保存为仓库中的 ", el("code", { class: "tb-path", text: "cities/<城市文件夹名>/taskbook.md" }),
      "，通过合并请求（pull request）提交审核。",
      repo ? "“在 GitHub 上提交”会在新窗口打开任务书仓库，GitHub 会引导你复刻（fork）仓库并发起合并请求。"
        : "本网站没有设置任务书仓库的地址，请下载文件后按填报指南提交。"));
}

function frame() {
  root.replaceChildren(
    el("div", { class: "tb-privacy", role: "note" },
      el("p", {}, el("strong", { text: "个人信息只在本机：" }),
        "身份证号码、电话、手机、传真、电子信箱、出生年月和年龄等只在本浏览器中填写和检查，不会发送到任何地方。",
        "内容只在你自己下载、复制或打开 GitHub 页面时离开浏览器。"),
      el("p", {}, el("span", { class: "tb-saved", text: "草稿（含个人信息）会自动保存在本浏览器中，刷新或重新打开本页后可继续填写。" }),
        "办公室共用电脑时，用完请清除草稿。 ",
        el("button", { type: "button", class: "md-button tb-clear", text: "清除草稿", onclick: clearDraft }))),
    el("p", { class: "tb-status", role: "status", "aria-live": "polite" }),
    el("p", { class: "tb-origin" }),
    el("section", { class: "tb-imported", role: "note", "aria-labelledby": "tb-imported-title", hidden: true }),
    el("button", { type: "button", class: "md-button tb-switch", hidden: true,
      text: "换一份任务书（新建、打开文件或修改已公布的任务书）", onclick: () => showStart(true) }),
    startPanel(),
    el("div", { class: "tb-form", hidden: true }),
    leavePanel(),
    el("div", { class: "tb-live tb-offscreen", "aria-live": "polite", "aria-atomic": "true" }));
}

// The service worker keeps the page for offline use. On a first visit the page waits (a
// moment at most) until the worker controls it, so that Pyodide is downloaded once, through
// it, rather than once by the page and again for the cache.
function serviceWorker(version) {
  if (!("serviceWorker" in navigator)) return Promise.resolve(null);
  const registered = navigator.serviceWorker
    .register(new URL(`sw.js?v=${encodeURIComponent(version)}`, here), { scope: here.pathname })
    .catch(() => null); // e.g. plain http on an intranet host: the page works online only
  if (navigator.serviceWorker.controller) return registered;
  const controlled = new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
  });
  return Promise.race([registered.then((r) => (r ? controlled.then(() => r) : null)),
    new Promise((resolve) => { window.setTimeout(() => resolve(null), 4000); })]);
}

async function keepOffline(site) {
  // Everything this page used, for the worker's cache: the theme's files were fetched
  // before it could see them, and anything else it missed is fetched once more.
  const registration = await navigator.serviceWorker?.ready;
  const urls = [window.location.href.split("#")[0],
    ...performance.getEntriesByType("resource").map((entry) => entry.name),
    ...[...site.precache, ...site.runtime].map((name) => new URL(name, here).href)]
    .filter((url) => new URL(url).origin === window.location.origin);
  registration?.active?.postMessage({ type: "cache", urls });
}

async function boot() {
  root.dataset.state = "loading";
  config = await (await fetch(new URL("form.json", here), { cache: "no-cache" })).json();
  view = new FormView(config.form, {
    state: () => state,
    changed: () => { saveDraft(); scheduleCheck(); },
    touched: (pointer) => { state.touched.add(pointer); if (state.result) applyResult(state.result); },
    redraw: () => drawForm(),
  });
  frame();
  if (config.site.unavailable) {
    status(config.site.unavailable, "error");
    root.querySelector(".tb-start").hidden = true;
    root.dataset.python = "failed";
    return;
  }
  status("正在加载网页中的校验程序（首次打开需下载约 15 MB，之后离线也可使用）……");
  const started = performance.now();
  await serviceWorker(config.site.version);
  python = new Python(config.site);
  madePython(python);
  window.taskbookFill = {
    ready: python.ready,
    validate: (base64, path) => ask("validate", { base64, path }),
    state: () => state,
  };
  const draft = loadDraft();
  if (draft) {
    openBook({ data: draft.data, body: draft.body, slug: draft.slug }, draft.origin || { kind: "upload" },
      draft.base, true);
    root.querySelector(".tb-saved").textContent = `已恢复 ${new Date(draft.savedAt).toLocaleString("zh-CN")} 保存在本浏览器中的草稿。`;
  }
  try {
    await python.ready;
    status(`校验程序已就绪（用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒）。每处问题会显示在该项下面。`);
    root.dataset.python = "ready";
    keepOffline(config.site).catch(() => {});
    if (state.data) scheduleCheck(0); else root.dataset.state = "ready";
  } catch (error) {
    root.dataset.python = "failed";
    status(`校验程序未能加载（${error.message}）。请刷新重试，或按填报指南用文本编辑器填写。`, "error");
  }
}

boot();
