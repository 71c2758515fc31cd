// The audit-log viewer: newest first, filtered by kind, actor and dates, paged by cursor.

import { api, attempt, el, query, when } from "./lib.js";

const $ = (id) => document.getElementById(id);
const form = $("audit-filters");
let cursor = null;

function filters() {
  const data = Object.fromEntries(new FormData(form));
  if (data.since) data.since = new Date(`${data.since}T00:00:00`).toISOString();
  if (data.until) {
    const end = new Date(`${data.until}T00:00:00`);
    end.setDate(end.getDate() + 1);
    data.until = end.toISOString();
  }
  return data;
}

async function load(more = false) {
  const params = { ...filters(), limit: 50, cursor: more ? cursor : undefined };
  const page = await attempt(() => api.json("GET", `/v1/audit/entries${query(params)}`));
  if (!page) return;
  const rows = page.items.map((entry) =>
    el(
      "tr",
      { "data-seq": entry.seq },
      el("td", { className: "num" }, entry.seq),
      el("td", {}, when(entry.ts)),
      el("td", {}, `${entry.actor}${entry.actor_role ? ` (${entry.actor_role})` : ""}`),
      el("td", {}, entry.kind),
      el("td", {}, el("pre", { className: "record" }, JSON.stringify(entry.record, null, 1))),
    ),
  );
  if (more) $("audit-rows").append(...rows);
  else $("audit-rows").replaceChildren(...rows);
  cursor = page.next_cursor;
  $("more").hidden = !cursor;
  $("no-entries").hidden = $("audit-rows").children.length > 0;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  load();
});
$("more").addEventListener("click", () => load(true));
load();
