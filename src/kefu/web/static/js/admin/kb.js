// Knowledge bases: the list, one KB's documents, uploads with progress and the per-file report,
// and "test a question" (what retrieval finds, with scores).

import { T, api, attempt, el, fillKbSelect, lang, latest, showError } from "./lib.js";

const $ = (id) => document.getElementById(id);
const select = $("kb-select");
const wanted = document.querySelector(".admin").dataset.defaultKb;

async function loadKbs() {
  const kbs = await attempt(() => fillKbSelect(select, select.value || wanted));
  if (!kbs) return;
  $("kb-table").tBodies[0].replaceChildren(
    ...kbs.map((kb) =>
      el("tr", {}, el("th", { scope: "row" }, kb.name), el("td", {}, kb.version), el("td", {}, kb.files),
        el("td", {}, kb.chunks), el("td", {}, kb.faqs)),
    ),
  );
  await loadDocuments();
}

const fetchKb = latest($("documents"), () => api.json("GET", `/v1/kb/${encodeURIComponent(select.value)}`));

async function loadDocuments() {
  if (!select.value) return;
  const kb = await fetchKb();
  if (!kb) return;
  $("documents").replaceChildren(
    ...kb.documents.map((doc) => el("li", {}, `${doc.name} (${doc.kind}, ${doc.items}, ${doc.size_bytes} B)`)),
  );
}

/** Upload with XMLHttpRequest: fetch cannot report the upload's progress. */
function upload(files, draft, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    const path = `/v1/kb/${encodeURIComponent(select.value)}/documents${draft ? "?draft=true" : ""}`;
    xhr.open("POST", path);
    xhr.setRequestHeader("Accept-Language", lang === "zh" ? "zh-CN" : "en");
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(Math.round((100 * event.loaded) / event.total));
    });
    xhr.addEventListener("load", () => {
      const body = xhr.response ?? {};
      if (Array.isArray(body.files)) resolve(body); // 200, 207, or 422 with the report
      else reject(new Error(body.error?.message ?? `HTTP ${xhr.status}`));
    });
    xhr.addEventListener("error", () => reject(new Error("network error")));
    xhr.send(form);
  });
}

function showReport(report) {
  $("report").hidden = false;
  $("report-rows").replaceChildren(
    ...report.files.map((file) =>
      el(
        "tr",
        { className: file.status === "failed" ? "is-failed" : "", "data-file": file.name },
        el("th", { scope: "row" }, file.name),
        el("td", {}, file.status),
        el("td", {}, file.chunks),
        el("td", {}, file.faqs),
        el("td", { className: file.error ? "error" : "" }, file.error ?? ""),
      ),
    ),
  );
}

$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const files = [...$("upload-files").files];
  if (!files.length) return;
  const progress = $("upload-progress");
  progress.value = 0;
  try {
    const report = await upload(files, $("upload-draft").checked, (percent) => {
      progress.value = percent;
    });
    progress.value = 100;
    showError(null);
    showReport(report);
    await loadKbs();
  } catch (error) {
    showError(error);
  }
});

const search = latest($("search-results"), (payload) =>
  api.json("POST", `/v1/kb/${encodeURIComponent(select.value)}/search`, payload),
);

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const payload = { query: $("search-query").value, top_k: Number($("search-top").value) || 5 };
  const hits = await search(payload);
  if (!hits) return;
  const box = $("search-results");
  if (!hits.length) {
    box.replaceChildren(el("p", { className: "muted" }, T.no_results));
    return;
  }
  const head = el("tr", {}, ...[T.score, T.kind, T.source, T.text].map((h) => el("th", { scope: "col" }, h)));
  const rows = hits.map((hit) =>
    el(
      "tr",
      { className: "hit", "data-kind": hit.kind },
      el("td", { className: "num" }, hit.score.toFixed(3)),
      el("td", {}, hit.kind),
      el("td", {}, `${hit.title || ""} ${hit.source}${hit.page ? ` p.${hit.page}` : ""}`.trim()),
      el("td", {}, hit.text),
    ),
  );
  box.replaceChildren(
    el("table", { className: "table", "aria-label": T.results }, el("thead", {}, head), el("tbody", {}, rows)),
  );
});

select.addEventListener("change", loadDocuments);
loadKbs();
