// What the consoles' scripts share: the page's words, the API (session cookie), small DOM helpers.

import { Api } from "../../widget/api.js";

const textBlock = document.getElementById("console-text");
/** The page's words (from i18n.py), in the page's language. */
export const T = textBlock ? JSON.parse(textBlock.textContent) : {};
export const lang = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
export const api = new Api("", undefined, lang);
// Without authentication (dev) the agent API takes the agent's id from a header.
const devAgent = document.body.dataset.devAgent;
if (devAgent) api.defaultHeaders["X-Agent-Id"] = devAgent;

/** An element: `el("td", {className: "x"}, "text", child)`; children are text or nodes, never HTML. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key.startsWith("data-") || key.startsWith("aria-") || key === "role" || key === "for") {
      node.setAttribute(key, value);
    } else {
      node[key] = value;
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function button(label, onClick, props = {}) {
  const node = el("button", { type: "button", className: "button button--small", ...props }, label);
  node.addEventListener("click", onClick);
  return node;
}

/** Show an API error in the page's alert (`#admin-error` or `#agent-error`), or clear it. */
export function showError(error, id = "admin-error") {
  const box = document.getElementById(id);
  if (!box) return;
  box.hidden = !error;
  box.textContent = error ? T.error + (error.message || String(error)) : "";
}

/** Run an async action, reporting its failure in the page's alert. */
export async function attempt(action, id = "admin-error") {
  try {
    const result = await action();
    showError(null, id);
    return result;
  } catch (error) {
    showError(error, id);
    return undefined;
  }
}

/**
 * A loader for one region of the page, called whenever its filters change: only the latest
 * call's data comes back (earlier calls get undefined), so a slow answer for another KB or for
 * older filters never overwrites a newer one. The region is `aria-busy` while a call runs.
 */
export function latest(region, fetchData, errorId = "admin-error") {
  let calls = 0;
  return async (...args) => {
    const call = ++calls;
    region.setAttribute("aria-busy", "true");
    const data = await attempt(() => fetchData(...args), errorId);
    if (call !== calls) return undefined;
    region.removeAttribute("aria-busy");
    return data;
  };
}

export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === "zh" ? "zh-CN" : "en");
}

/**
 * A filter form's fields as query parameters. Dates are whole days in the browser's zone:
 * `since` is the day's start, and `until` (exclusive) the start of the day after.
 */
export function formFilters(form) {
  const data = Object.fromEntries(new FormData(form));
  if (data.since) data.since = new Date(`${data.since}T00:00:00`).toISOString();
  if (data.until) {
    const end = new Date(`${data.until}T00:00:00`);
    end.setDate(end.getDate() + 1);
    data.until = end.toISOString();
  }
  return data;
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The knowledge bases into a <select>, the default one chosen; returns the list. */
export async function fillKbSelect(select, wanted) {
  const kbs = await api.json("GET", "/v1/kb");
  select.replaceChildren(...kbs.map((kb) => el("option", { value: kb.name }, kb.name)));
  const chosen = kbs.find((kb) => kb.name === wanted) ?? kbs[0];
  if (chosen) select.value = chosen.name;
  return kbs;
}

/** A transcript message as a list item: the speaker, the time, the text (plain, never HTML). */
export function messageItem(message) {
  const who = T[`role_${message.role}`] ?? message.role;
  const meta = [who, when(message.created_at)];
  if (message.route) meta.push(message.route);
  if (message.intent) meta.push(message.intent);
  return el(
    "li",
    { className: `line line--${message.role}`, "data-seq": message.seq, "data-role": message.role },
    el("span", { className: "line-meta" }, meta.join(" · ")),
    el("span", { className: "line-text" }, message.text),
  );
}

export const statusText = (status) => T[`st_${status}`] ?? status;
