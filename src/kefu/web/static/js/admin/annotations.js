// The annotation queue: collect answers to review (thumbs-down, refusals, clarifications), list
// them with the question beside the answer, and label each.

import { T, api, attempt, el, latest, query } from "./lib.js";

const $ = (id) => document.getElementById(id);
const LABELS = ["correct", "wrong_answer", "should_refuse", "should_answer", "handoff_needed"];
let cursor = null;
const fetchPage = latest($("annotation-list"), (more) => {
  const params = { status: $("a-status").value, reason: $("a-reason").value, limit: 50, cursor: more ? cursor : undefined };
  return api.json("GET", `/v1/admin/annotations${query(params)}`);
});

async function load(more = false) {
  const page = await fetchPage(more);
  if (!page) return;
  const items = page.items.map(card);
  if (more) $("annotation-list").append(...items);
  else $("annotation-list").replaceChildren(...items);
  cursor = page.next_cursor;
  $("more").hidden = !cursor;
  $("no-annotations").hidden = $("annotation-list").children.length > 0;
}

function card(item) {
  const id = item.id;
  const select = el(
    "select",
    { id: `label-${id}` },
    LABELS.map((label) => el("option", { value: label, selected: item.label === label }, T[`lb_${label}`])),
  );
  const corrected = el("textarea", { id: `corrected-${id}`, rows: 2, value: item.corrected_answer ?? "" });
  const saved = el("span", { className: "muted", role: "status" }, item.label ? T.st_done : "");
  const form = el(
    "form",
    { className: "annotation-form" },
    el("div", { className: "field" }, el("label", { for: `label-${id}` }, T.label), select),
    el("div", { className: "field" }, el("label", { for: `corrected-${id}` }, T.corrected_answer), corrected),
    el("button", { type: "submit", className: "button button--small" }, T.save),
    saved,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { label: select.value, corrected_answer: corrected.value.trim() || null };
    const done = await attempt(() => api.json("PUT", `/v1/admin/annotations/${id}`, body));
    if (done) saved.textContent = `${T.st_done}: ${T[`lb_${done.label}`] ?? done.label}`;
  });
  return el(
    "li",
    { className: "card-item", "data-annotation": id },
    el("p", { className: "line-meta" }, `${T[`r_${item.reason}`] ?? item.reason} · ${item.route ?? ""} · ${item.intent ?? ""}`),
    el("p", {}, el("strong", {}, `${T.question}: `), item.question ?? ""),
    el("p", {}, el("strong", {}, `${T.answer}: `), item.answer ?? ""),
    item.rating_comment ? el("p", { className: "muted" }, item.rating_comment) : null,
    form,
  );
}

$("collect-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const since = $("collect-since").value;
  const result = await attempt(() => api.json("POST", `/v1/admin/annotations/collect?since=${since}`));
  if (!result) return;
  $("collected").textContent = `${T.collected}${result.queued}`;
  await load();
});
$("a-status").addEventListener("change", () => load());
$("a-reason").addEventListener("change", () => load());
$("more").addEventListener("click", () => load(true));
load();
