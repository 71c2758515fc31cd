// The conversation browser: filters (route, intent, rating, handoff, dates), pages by cursor,
// and one conversation's full transcript.

import { T, api, attempt, button, el, formFilters, latest, messageItem, query, statusText, when } from "./lib.js";

const $ = (id) => document.getElementById(id);
const form = $("filters");
let cursor = null;
const fetchPage = latest($("conversation-rows"), (more) => {
  const params = { ...formFilters(form), limit: 20, cursor: more ? cursor : undefined };
  return api.json("GET", `/v1/admin/conversations${query(params)}`);
});

async function load(more = false) {
  const page = await fetchPage(more);
  if (!page) return;
  const rows = page.items.map(row);
  if (more) $("conversation-rows").append(...rows);
  else $("conversation-rows").replaceChildren(...rows);
  cursor = page.next_cursor;
  $("more").hidden = !cursor;
  $("no-conversations").hidden = $("conversation-rows").children.length > 0;
}

function row(item) {
  const ratings = `${T.up} ${item.ratings.up} · ${T.down} ${item.ratings.down}`;
  return el(
    "tr",
    { "data-conversation": item.id },
    el("td", {}, when(item.started_at)),
    el("td", {}, item.user_id ?? ""),
    el("td", { className: "num" }, item.message_count),
    el("td", {}, item.last_route ?? ""),
    el("td", {}, item.intents.join(", ")),
    el("td", {}, ratings),
    el("td", {}, item.handed_off ? `${T.yes} (${statusText(item.handoff_status)})` : T.no),
    el("td", {}, button(T.open, () => openTranscript(item.id), { "aria-label": `${T.transcript} ${item.id}` })),
  );
}

async function openTranscript(id) {
  const found = await attempt(() => api.json("GET", `/v1/admin/conversations/${id}`));
  if (!found) return;
  const pairs = [["ID", found.id], [T.user, found.user_id ?? ""], ["KB", found.kb], [T.started, when(found.started_at)]];
  $("transcript-meta").replaceChildren(...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("transcript").replaceChildren(
    ...found.messages.map((message) => {
      const item = messageItem(message);
      if (message.rating) item.append(el("span", { className: "line-meta" }, `${T.rating}: ${T[message.rating] ?? message.rating} ${message.rating_comment ?? ""}`));
      return item;
    }),
  );
  $("transcript-panel").hidden = false;
  $("transcript-title").focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  load();
});
form.addEventListener("reset", () => setTimeout(() => load(), 0));
$("more").addEventListener("click", () => load(true));
load();
