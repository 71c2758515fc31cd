// The audit-log viewer: newest first, filtered by kind, actor and dates, paged by cursor.

import { api, el, formFilters, latest, query, when } from "./lib.js";

const $ = (id) => document.getElementById(id);
const form = $("audit-filters");
let cursor = null;
const fetchPage = latest($("audit-rows"), (more) => {
  const params = { ...formFilters(form), limit: 50, cursor: more ? cursor : undefined };
  return api.json("GET", `/v1/audit/entries${query(params)}`);
});

async function load(more = false) {
  const page = await fetchPage(more);
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
