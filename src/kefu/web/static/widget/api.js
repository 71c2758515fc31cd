// kefu's HTTP API as the widget uses it: JSON calls, uploads, and server-sent events read
// through fetch (EventSource cannot send an Authorization header).

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class Api {
  /**
   * @param {string} base  kefu's URL ("" on kefu's own pages)
   * @param {string|undefined} token  a customer JWT or API key; without one, the session cookie
   *   on kefu's own pages, or nothing (dev)
   */
  constructor(base, token, lang) {
    this.base = base.replace(/\/$/, "");
    this.token = token;
    this.lang = lang;
    this.defaultHeaders = {}; // sent with every call (the agent console's X-Agent-Id in dev)
  }

  url(path) {
    return this.base + path;
  }

  headers(extra = {}) {
    const language = this.lang === "zh" ? "zh-CN" : "en";
    const headers = { "Accept-Language": language, ...this.defaultHeaders, ...extra };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    return headers;
  }

  async fetch(method, path, { body, headers, signal } = {}) {
    const response = await fetch(this.url(path), {
      method,
      body,
      signal,
      headers: this.headers(headers),
      credentials: this.token ? "omit" : "same-origin",
      cache: "no-store",
    });
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  async json(method, path, payload) {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers = body === undefined ? {} : { "Content-Type": "application/json" };
    const response = await this.fetch(method, path, { body, headers });
    return response.status === 204 ? null : response.json();
  }

  async upload(path, file) {
    const form = new FormData();
    form.append("file", file, file.name || "image");
    const response = await this.fetch("POST", path, { body: form });
    return response.json();
  }

  /** Open a server-sent event stream (GET, or POST with a JSON body); iterate `events(response)`. */
  async stream(method, path, { payload, signal } = {}) {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers = { Accept: "text/event-stream" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return this.fetch(method, path, { body, headers, signal });
  }

  /** A protected image as an object URL (an <img> cannot send the Authorization header). */
  async imageURL(path) {
    const response = await this.fetch("GET", path);
    return URL.createObjectURL(await response.blob());
  }
}

async function errorOf(response) {
  let code = "http_error";
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // not the error envelope (a proxy's page): keep the status
  }
  return new ApiError(response.status, code, message);
}

/**
 * The events of a text/event-stream response, as {event, data, id}: `data` parsed as JSON.
 * Comments (heartbeats) and `retry:` hints are skipped; the reader's errors propagate.
 */
export async function* events(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = parse(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event) yield event;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function parse(block) {
  const event = { event: "message", data: "", id: null };
  let hasData = false;
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event.event = value;
    else if (field === "id") event.id = value;
    else if (field === "data") {
      event.data += (hasData ? "\n" : "") + value;
      hasData = true;
    }
  }
  if (!hasData) return null;
  try {
    event.data = JSON.parse(event.data);
  } catch {
    // keep the text
  }
  return event;
}
