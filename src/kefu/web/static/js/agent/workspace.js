// The agent workspace: the handoff queue, one conversation at a time (claim, reply, suggest,
// release, close). The open conversation follows its event stream
// (`/v1/agent/conversations/{id}/events`): every event (a customer's message, a handoff change)
// reads the conversation again, and only new messages are added.

import { events } from "../../widget/api.js";
import { T, api, attempt, button, el, latest, messageItem, statusText } from "../admin/lib.js";

const RETRY_MS = 2000;
const QUEUE_MS = 4000;
const ERROR = "agent-error";

const $ = (id) => document.getElementById(id);
const queueList = $("queue");
const transcript = $("transcript");
const reply = $("reply");
const note = $("reply-note");
let current = null; // {id, handoff}
let following = null; // the AbortController of the open conversation's stream

const fetchQueue = latest(queueList, () => api.json("GET", "/v1/agent/queue?status=open"), ERROR);
const fetchConversation = latest(transcript, (id) => api.json("GET", `/v1/agent/conversations/${id}`), ERROR);

async function loadQueue() {
  const queue = await fetchQueue();
  if (!queue) return;
  $("agents-online").textContent = `${T.agents_online}: ${queue.agents_online}`;
  $("queue-empty").hidden = queue.items.length > 0;
  // Keep a keyboard user's place: the list is rebuilt, so focus returns to the same item's button.
  const focused = document.activeElement?.closest?.(".queue-item")?.dataset.conversation;
  queueList.replaceChildren(...queue.items.map(queueItem));
  if (focused) queueList.querySelector(`[data-conversation="${CSS.escape(focused)}"] button`)?.focus();
}

function queueItem(item) {
  const slots = Object.entries(item.slots ?? {}).map(([k, v]) => `${k}=${v}`).join(", ");
  const selected = current?.id === item.conversation_id;
  return el(
    "li",
    { className: `queue-item${selected ? " is-selected" : ""}`, "data-conversation": item.conversation_id },
    el("p", { className: "queue-summary" }, item.summary || item.reason || item.conversation_id),
    el(
      "dl",
      { className: "context context--small" },
      el("dt", {}, T.status), el("dd", {}, statusText(item.status)),
      el("dt", {}, T.intent), el("dd", {}, item.intent || T.none),
      el("dt", {}, T.slots), el("dd", {}, slots || T.none),
      el("dt", {}, T.waiting), el("dd", {}, `${item.waiting_s} ${T.seconds}`),
    ),
    button(T.open, () => openConversation(item.conversation_id), {
      "aria-label": `${T.open}: ${item.summary || item.conversation_id}`,
    }),
  );
}

async function openConversation(id) {
  current = { id, handoff: null, seqs: new Set() };
  transcript.replaceChildren();
  reply.value = "";
  note.textContent = "";
  $("pick").hidden = true;
  transcript.hidden = false;
  $("conversation-actions").hidden = false;
  $("context").hidden = false;
  for (const item of queueList.children) {
    item.classList.toggle("is-selected", item.dataset.conversation === id);
  }
  await refreshConversation();
  follow(id);
  $("conversation-title").focus?.();
}

/** Read the conversation again on each of its events, until another is opened or it is let go. */
async function follow(id) {
  following?.abort();
  const controller = (following = new AbortController());
  while (!controller.signal.aborted && current?.id === id) {
    try {
      const after = Math.max(-1, ...current.seqs);
      const path = `/v1/agent/conversations/${id}/events?after=${after}`;
      const response = await api.stream("GET", path, { signal: controller.signal });
      for await (const _event of events(response)) await refreshConversation();
    } catch {
      // the stream broke (network, server restart) or was aborted: read what was missed, retry
    }
    if (controller.signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    await refreshConversation();
  }
}

async function refreshConversation() {
  if (!current) return;
  const id = current.id;
  const found = await fetchConversation(id);
  if (!found || current?.id !== id) return;
  current.handoff = found.handoff;
  for (const message of found.messages) {
    if (current.seqs.has(message.seq)) continue;
    current.seqs.add(message.seq);
    transcript.append(messageItem(message));
    transcript.lastElementChild.scrollIntoView({ block: "nearest" });
  }
  showContext(found);
}

function showContext(found) {
  const handoff = found.handoff;
  const slots = Object.entries(handoff?.slots ?? {}).map(([k, v]) => `${k}=${v}`).join(", ");
  const pairs = [
    [T.status, handoff ? statusText(handoff.status) : T.none],
    [T.held_by, handoff?.agent_id || T.none],
    [T.summary, handoff?.summary || T.none],
    [T.intent, handoff?.intent || T.none],
    [T.slots, slots || T.none],
  ];
  $("context").replaceChildren(...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  const status = handoff?.status;
  $("claim").hidden = status !== "queued";
  $("release").hidden = status !== "claimed";
  $("close").hidden = status !== "claimed" && status !== "queued";
  const form = $("reply-form");
  form.hidden = !(status === "claimed" || status === "queued");
  $("send").disabled = status !== "claimed";
  if (status === "queued" && !note.textContent) note.textContent = T.claim_first;
}

async function act(action) {
  if (!current) return;
  const done = await attempt(() => api.json("POST", `/v1/agent/conversations/${current.id}/${action}`), ERROR);
  if (!done) return;
  note.textContent = "";
  if (action === "claim") {
    await refreshConversation();
  } else {
    // Released or closed: a plain agent may no longer read it, so stop following it.
    following?.abort();
    showContext({ handoff: done });
  }
  await loadQueue();
}

async function send(event) {
  event.preventDefault();
  const text = reply.value.trim();
  if (!current || !text) return;
  const sent = await attempt(
    () => api.json("POST", `/v1/agent/conversations/${current.id}/messages`, { text }),
    ERROR,
  );
  if (sent) {
    reply.value = "";
    note.textContent = "";
    await refreshConversation();
    reply.focus();
  }
}

async function suggest() {
  if (!current) return;
  note.textContent = T.suggesting;
  const draft = await attempt(() => api.json("POST", `/v1/agent/conversations/${current.id}/suggest`), ERROR);
  if (!draft) {
    note.textContent = "";
    return;
  }
  if (draft.text) {
    reply.value = draft.text;
    note.textContent = T.suggest_note;
    reply.focus();
  } else {
    note.textContent = T.suggest_empty;
  }
}

$("queue-refresh").addEventListener("click", loadQueue);
$("claim").addEventListener("click", () => act("claim"));
$("release").addEventListener("click", () => act("release"));
$("close").addEventListener("click", () => act("close"));
$("suggest").addEventListener("click", suggest);
$("reply-form").addEventListener("submit", send);
reply.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("reply-form").requestSubmit();
});
$("conversation-title").tabIndex = -1;

loadQueue();
setInterval(loadQueue, QUEUE_MS);
