// One customer conversation, without any DOM: sending, streamed answers, the live event stream
// with reconnection, the handoff state, feedback and image uploads. The view listens to its
// events: "entry" (a message added or changed), "remove", "handoff", "connection", "suggestions".
//
// Where messages come from. The event stream carries every stored message with its `seq`, and
// replays those after the last one seen when it reconnects, so nothing is lost while offline.
// The answer being generated arrives first as `delta`s on the POST that asked the question and
// is matched to its stored event by message id. The customer's own messages are shown as soon
// as they are typed, then adopted by their stored events in order (the stored text may be
// masked, so it is not compared). Each stored message is shown once: entries are keyed by id.

import { ApiError, events } from "./api.js";

const ATTACHMENT = /^!\[[^\]]*\]\((\/v1\/conversations\/[^/)]+\/attachments\/[0-9a-f]{32})\)$/;
const SILENCE_MS = 45000; // the server sends a heartbeat every 15 s: this long without one is a dead line
const RETRY_MS = [1000, 2000, 5000, 10000];
const QUEUE_POLL_MS = 10000;

let nextKey = 0;

/** The attachment URL a stored message shows, or null. */
export function attachmentOf(text) {
  return ATTACHMENT.exec(text ?? "")?.[1] ?? null;
}

export class Chat extends EventTarget {
  constructor(api, { kb, storageKey }) {
    super();
    this.api = api;
    this.kb = kb;
    this.storageKey = storageKey;
    this.conversationId = null;
    this.entries = new Map(); // key → entry
    this.byId = new Map(); // stored message id → entry
    this.lastSeq = -1;
    this.pendingTexts = []; // the customer's messages not yet seen stored
    this.pendingUploads = [];
    this.answers = []; // answers streaming, or cut off before their id came
    this.deferred = []; // stored answers that arrived while one was streaming
    this.outbox = []; // typed while offline
    this.handoff = { status: "none" };
    this.connection = "idle";
    this.closed = false;
    this.running = false; // the event stream's loop
    this.abort = null; // its current connection
    this.wake = null;
    this.pollTimer = null;
    addEventListener("online", () => this.online());
    addEventListener("offline", () => this.offline());
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // --- entries -------------------------------------------------------------------------------

  add(fields) {
    const entry = { key: `m${nextKey++}`, id: null, seq: null, citations: [], ...fields };
    this.entries.set(entry.key, entry);
    if (entry.id) this.byId.set(entry.id, entry);
    this.emit("entry", entry);
    return entry;
  }

  update(entry, fields) {
    Object.assign(entry, fields);
    if (entry.id) this.byId.set(entry.id, entry);
    this.emit("entry", entry);
  }

  remove(entry) {
    this.entries.delete(entry.key);
    this.emit("remove", entry);
  }

  // --- start, and the stored conversation ------------------------------------------------------

  /** Pick up the conversation this browser had with this KB, if it is still there. */
  async start() {
    const stored = localStorage.getItem(this.storageKey);
    if (!stored) return;
    try {
      const detail = await this.api.json("GET", `/v1/conversations/${stored}`);
      this.conversationId = stored;
      for (const message of detail.messages) this.fromTranscript(message);
      this.connect();
    } catch (error) {
      if (error instanceof ApiError && [401, 403, 404].includes(error.status)) {
        localStorage.removeItem(this.storageKey); // another customer's, or gone: start afresh
      } else {
        this.conversationId = stored; // offline now: the event stream will replay it
        this.connect();
      }
    }
  }

  fromTranscript(message) {
    if (this.byId.has(message.id)) return;
    this.add({
      id: message.id,
      role: message.role,
      text: message.text,
      route: message.route,
      citations: message.citations ?? [],
      attachment: attachmentOf(message.text),
    });
  }

  async ensureConversation() {
    if (this.conversationId) return this.conversationId;
    const created = await this.api.json("POST", "/v1/conversations", {
      kb: this.kb || undefined,
      channel: "web",
    });
    this.conversationId = created.id;
    localStorage.setItem(this.storageKey, created.id);
    this.connect();
    return created.id;
  }

  // --- sending -------------------------------------------------------------------------------

  /** Send the customer's message; the answer streams into an entry of its own. */
  async send(text) {
    text = text.trim();
    if (!text) return;
    const entry = this.add({ role: "user", text, state: "sending" });
    this.pendingTexts.push(entry);
    await this.deliver(entry);
  }

  async deliver(entry) {
    if (!navigator.onLine) return this.hold(entry);
    this.emit("suggestions", []);
    let answer = null;
    let response;
    try {
      const id = await this.ensureConversation();
      if (!this.withPerson()) {
        answer = this.add({ role: "assistant", text: "", streaming: true, inFlight: true });
        this.answers.push(answer);
      }
      response = await this.api.stream("POST", `/v1/conversations/${id}/messages?stream=true`, {
        payload: { text: entry.text },
      });
    } catch (error) {
      if (answer) this.drop(answer);
      if (error instanceof ApiError) return this.failed(entry, error);
      return this.hold(entry); // no answer from the server at all: the network
    }
    this.update(entry, { state: "sent" });
    try {
      for await (const event of events(response)) {
        if (!answer) continue; // a person answers: the event stream brings their messages
        if (event.event === "delta") this.update(answer, { text: answer.text + event.data.text });
        else if (event.event === "done") this.done(answer, event.data);
        else if (event.event === "error") {
          this.drop(answer);
          this.add({ role: "notice", text: event.data.error?.message ?? "" });
        }
      }
    } catch {
      // cut off mid-answer: the stored answer comes back on the event stream
    }
    if (answer?.inFlight) this.update(answer, { inFlight: false });
    this.flushDeferred();
  }

  /** Whether a person has the conversation (queued or claimed): the bot stays silent then. */
  withPerson() {
    return this.handoff.status === "queued" || this.handoff.status === "claimed";
  }

  done(answer, turn) {
    if (!turn.reply) return this.drop(answer); // a person holds the conversation: no bot answer
    const known = this.byId.get(turn.message_id);
    if (known && known !== answer) {
      this.update(known, { citations: turn.citations, route: turn.route });
      return this.drop(answer);
    }
    this.answers = this.answers.filter((a) => a !== answer);
    this.update(answer, {
      id: turn.message_id,
      text: turn.reply,
      route: turn.route,
      citations: turn.citations ?? [],
      streaming: false,
      inFlight: false,
    });
    this.emit("suggestions", turn.route === "clarify" ? clarifyOptions(turn.reply) : []);
    if (turn.handoff) this.refreshHandoff();
  }

  drop(answer) {
    this.answers = this.answers.filter((a) => a !== answer);
    answer.inFlight = false;
    this.remove(answer);
  }

  hold(entry) {
    this.update(entry, { state: "unsent" });
    if (!this.outbox.includes(entry)) this.outbox.push(entry);
  }

  failed(entry, error) {
    this.pendingTexts = this.pendingTexts.filter((e) => e !== entry);
    this.update(entry, { state: "failed", error: error.message });
  }

  async retry(entry) {
    if (!this.pendingTexts.includes(entry)) this.pendingTexts.push(entry);
    this.update(entry, { state: "sending", error: null });
    await this.deliver(entry);
  }

  /** The customer asks for a person: said in words, so the dialogue rules hand over. */
  requestHuman(words) {
    return this.send(words);
  }

  async upload(file) {
    const entry = this.add({ role: "user", text: "", preview: URL.createObjectURL(file), state: "sending" });
    this.pendingUploads.push(entry);
    try {
      const id = await this.ensureConversation();
      const stored = await this.api.upload(`/v1/conversations/${id}/attachments`, file);
      this.pendingUploads = this.pendingUploads.filter((e) => e !== entry);
      const shown = this.byId.get(stored.message_id);
      if (shown && shown !== entry) return this.remove(entry); // its event came first, as another entry
      this.update(entry, { id: stored.message_id, attachment: stored.url, state: "sent" });
      this.seen(stored.seq);
    } catch (error) {
      this.pendingUploads = this.pendingUploads.filter((e) => e !== entry);
      this.update(entry, { state: "failed", error: error.message });
    }
  }

  async rate(entry, rating, comment) {
    const path = `/v1/conversations/${this.conversationId}/messages/${entry.id}/feedback`;
    const body = comment ? { rating, comment } : { rating };
    await this.api.json("POST", path, body);
    this.update(entry, { rating, commented: Boolean(comment) || entry.commented });
  }

  imageURL(path) {
    return this.api.imageURL(path);
  }

  // --- the event stream ------------------------------------------------------------------------

  /** Follow the conversation's events until closed, reconnecting after each loss. */
  async connect() {
    if (this.running || this.closed || !this.conversationId) return;
    this.running = true;
    try {
      for (let attempt = 0; !this.closed; attempt++) {
        if (!navigator.onLine) {
          this.setConnection("offline");
          await this.sleep(null); // until the "online" event
          attempt = 0;
          continue;
        }
        await this.follow();
        if (this.closed) break;
        this.setConnection(navigator.onLine ? "reconnecting" : "offline");
        await this.sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
      }
    } finally {
      this.running = false;
    }
  }

  /** One connection: replay what was missed, then live events until the line drops. */
  async follow() {
    const abort = (this.abort = new AbortController());
    const watchdog = new Watchdog(SILENCE_MS, () => abort.abort());
    try {
      const path = `/v1/conversations/${this.conversationId}/events?after=${this.lastSeq}`;
      const response = await this.api.stream("GET", path, { signal: abort.signal });
      this.setConnection("online");
      this.refreshHandoff(); // handoff changes are not replayed: ask where things stand
      this.sendOutbox();
      for await (const event of events(response)) {
        watchdog.reset();
        this.onEvent(event);
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this.forget();
    } finally {
      watchdog.stop();
      this.abort = null;
    }
  }

  onEvent({ event, data, id }) {
    if (event === "message" || event === "agent_message") this.stored(data);
    else if (event === "reconnect") this.abort?.abort();
    else if (event.startsWith("handoff_")) this.onHandoff(event, data);
    if (id !== null && /^\d+$/.test(id)) this.seen(Number(id));
  }

  seen(seq) {
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  /** A stored message from the event stream: adopted by its local entry, or shown once. */
  stored(message) {
    const known = this.byId.get(message.message_id);
    if (known) return this.update(known, { seq: message.seq });
    const attachment = attachmentOf(message.text);
    const fields = { id: message.message_id, seq: message.seq, role: message.role, route: message.route };
    if (message.role === "user") {
      const queue = attachment ? this.pendingUploads : this.pendingTexts;
      const mine = queue.find((e) => e.state !== "unsent" && e.state !== "failed");
      if (mine) {
        queue.splice(queue.indexOf(mine), 1);
        return this.update(mine, { ...fields, state: "sent", attachment: attachment ?? mine.attachment });
      }
      return this.add({ ...fields, text: message.text, attachment });
    }
    if (message.role === "assistant") {
      if (this.answers.some((a) => a.inFlight)) return this.deferred.push(message);
      const cut = this.answers.shift(); // an answer whose stream broke before its id came
      if (cut) {
        this.update(cut, { ...fields, text: message.text, streaming: false });
      } else {
        this.add({ ...fields, text: message.text });
      }
      return this.fillCitations();
    }
    this.add({ ...fields, text: message.text, agentId: message.agent_id });
  }

  flushDeferred() {
    const waiting = this.deferred;
    this.deferred = [];
    for (const message of waiting) this.stored(message);
  }

  /** Answers that came from the event stream lack citations: read them from the transcript. */
  async fillCitations() {
    try {
      const detail = await this.api.json("GET", `/v1/conversations/${this.conversationId}`);
      for (const message of detail.messages) {
        const entry = this.byId.get(message.id);
        if (entry && message.citations?.length && !entry.citations.length) {
          this.update(entry, { citations: message.citations });
        }
      }
    } catch {
      // footnotes are a nicety: the next reconnect tries again
    }
  }

  async sendOutbox() {
    const waiting = this.outbox;
    this.outbox = [];
    for (const entry of waiting) {
      this.update(entry, { state: "sending" });
      await this.deliver(entry); // one at a time, in the order they were typed
    }
  }

  online() {
    if (this.conversationId) this.setConnection("reconnecting");
    this.wakeUp();
    this.connect();
    this.sendOutbox();
  }

  offline() {
    this.setConnection("offline");
    this.abort?.abort(); // a stream cannot survive the loss: reconnect and replay when back
  }

  forget() {
    this.closed = true;
    localStorage.removeItem(this.storageKey);
  }

  setConnection(state) {
    this.connection = state;
    this.emit("connection", state);
  }

  /** Wait `ms` (null: until woken), or less if `wakeUp()` comes first. */
  sleep(ms) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = ms === null ? null : setTimeout(done, ms);
      this.wake = done;
    });
  }

  wakeUp() {
    this.wake?.();
  }

  // --- handoff -------------------------------------------------------------------------------

  onHandoff(event, data) {
    const status = {
      handoff_queued: "queued",
      handoff_claimed: "claimed",
      handoff_released: "released",
      handoff_closed: "closed",
      handoff_callback: "callback",
    }[event];
    this.setHandoff({ ...data, status: status ?? data.status });
  }

  async refreshHandoff() {
    if (!this.conversationId) return;
    try {
      this.setHandoff(await this.api.json("GET", `/v1/conversations/${this.conversationId}/handoff`));
    } catch {
      // shown again on the next event or reconnect
    }
  }

  setHandoff(handoff) {
    const previous = this.handoff.status;
    this.handoff = { ...handoff, previous };
    clearTimeout(this.pollTimer);
    if (handoff.status === "queued") {
      this.pollTimer = setTimeout(() => this.refreshHandoff(), QUEUE_POLL_MS); // others move up
    }
    this.emit("handoff", this.handoff);
  }
}

/** The numbered options of a clarifying question ("1. 退货政策"), as quick replies. */
export function clarifyOptions(reply) {
  return [...reply.matchAll(/^\s*\d+[.、]\s*(.+?)\s*$/gm)].map((m) => m[1]).slice(0, 5);
}

class Watchdog {
  constructor(ms, expire) {
    this.ms = ms;
    this.expire = expire;
    this.reset();
  }

  reset() {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.expire, this.ms);
  }

  stop() {
    clearTimeout(this.timer);
  }
}
