// The effective settings, read-only, secrets redacted by the server.

import { T, api, attempt, el } from "./lib.js";

const $ = (id) => document.getElementById(id);

function flatten(value, prefix, out) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.push([prefix, Array.isArray(value) ? JSON.stringify(value) : String(value)]);
  }
  return out;
}

async function load() {
  const data = await attempt(() => api.json("GET", "/v1/admin/settings"));
  if (!data) return;
  $("redacted").textContent = `${T.redacted}${data.redacted.join(", ") || T.none}`;
  $("settings-rows").replaceChildren(
    ...flatten(data.settings, "", []).map(([key, value]) =>
      el("tr", {}, el("th", { scope: "row" }, el("code", {}, key)), el("td", {}, el("code", {}, value))),
    ),
  );
}

load();
