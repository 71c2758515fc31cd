// The FAQ editor: every version of every entry; editing saves a new version (a draft), which is
// served once approved; an approved version can be retired.

import { T, api, attempt, button, el, fillKbSelect, latest } from "./lib.js";

const $ = (id) => document.getElementById(id);
const select = $("kb-select");
const wanted = document.querySelector(".admin").dataset.defaultKb;
const kbPath = () => `/v1/kb/${encodeURIComponent(select.value)}`;

const fetchRows = latest($("faq-rows"), () => {
  const status = $("faq-status").value;
  return api.json("GET", `${kbPath()}/faqs${status ? `?status=${status}` : ""}`);
});

async function load() {
  if (!select.value) return;
  const rows = await fetchRows();
  if (!rows) return;
  $("faq-rows").replaceChildren(...rows.map(row));
}

function row(faq) {
  const label = `${faq.faq_id} v${faq.version}`;
  const actions = [button(T.edit, () => edit(faq), { "aria-label": `${T.edit} ${label}` })];
  if (faq.status === "draft") {
    actions.push(button(T.approve, () => change(faq, "approve"), { "aria-label": `${T.approve} ${label}` }));
  }
  if (faq.status === "approved") {
    actions.push(button(T.retire, () => change(faq, "retire"), { "aria-label": `${T.retire} ${label}` }));
  }
  return el(
    "tr",
    { "data-faq": faq.faq_id, "data-version": faq.version, "data-status": faq.status },
    el("th", { scope: "row" }, faq.faq_id),
    el("td", {}, faq.version),
    el("td", {}, faq.status),
    el("td", {}, faq.question),
    el("td", { className: "row-actions" }, actions),
  );
}

function edit(faq) {
  $("faq-id").value = faq.faq_id;
  $("faq-question").value = faq.question;
  $("faq-answer").value = faq.answer;
  $("faq-category").value = faq.category ?? "";
  $("faq-similar").value = (faq.similar_questions ?? []).join("\n");
  $("faq-saved").textContent = "";
  $("faq-question").focus();
}

async function change(faq, action) {
  const path = `${kbPath()}/faqs/${encodeURIComponent(faq.faq_id)}/versions/${faq.version}/${action}`;
  if (await attempt(() => api.json("POST", path))) await load();
}

$("faq-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = $("faq-id").value.trim();
  const body = {
    question: $("faq-question").value.trim(),
    answer: $("faq-answer").value.trim(),
    category: $("faq-category").value.trim() || null,
    similar_questions: $("faq-similar").value.split("\n").map((s) => s.trim()).filter(Boolean),
  };
  const saved = await attempt(() => api.json("PUT", `${kbPath()}/faqs/${encodeURIComponent(id)}`, body));
  if (!saved) return;
  $("faq-saved").textContent = `${T.save}: ${saved.faq_id} v${saved.version} (${saved.status})`;
  await load();
});

select.addEventListener("change", load);
$("faq-status").addEventListener("change", load);
attempt(() => fillKbSelect(select, wanted)).then(load);
