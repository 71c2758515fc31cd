// Analytics: the totals and six charts (Chart.js, vendored, loaded as a classic script before
// this module); each chart's figures are also a table under it, for screen readers.

import { T, api, el, latest } from "./lib.js";

const $ = (id) => document.getElementById(id);
const charts = new Map();
const percent = (value) => (value === null || value === undefined ? null : Math.round(value * 1000) / 10);

function table(key, headers, rows) {
  $(`table-${key}`).replaceChildren(
    el(
      "table",
      { className: "table" },
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c ?? "–"))))),
    ),
  );
}

function draw(key, type, labels, datasets, options = {}) {
  charts.get(key)?.destroy();
  const Chart = window.Chart;
  if (!Chart) return;
  charts.set(
    key,
    new Chart($(`chart-${key}`), {
      type,
      data: { labels, datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...options },
    }),
  );
}

function label(start, bucket) {
  const date = new Date(start);
  return bucket === "hour" ? `${date.getMonth() + 1}/${date.getDate()} ${date.getHours()}:00` : `${date.getMonth() + 1}/${date.getDate()}`;
}

const fetchFigures = latest(document.querySelector("main"), () =>
  api.json("GET", `/v1/admin/analytics?since=${$("period").value}`),
);

async function load() {
  const data = await fetchFigures();
  if (!data) return;
  const t = data.totals;
  const totals = [
    [T.volume, t.conversations],
    [T.turns, t.turns],
    [T.resolution, t.resolution_rate === null ? "–" : `${percent(t.resolution_rate)}%`],
    [T.handoff_rate, t.handoff_rate === null ? "–" : `${percent(t.handoff_rate)}%`],
    [`${T.up} / ${T.down}`, `${t.thumbs.up} / ${t.thumbs.down}`],
    ["p50 / p95 ms", `${t.latency_ms.p50 ?? "–"} / ${t.latency_ms.p95 ?? "–"}`],
  ];
  $("totals").replaceChildren(...totals.flatMap(([k, v]) => [el("div", {}, el("dt", {}, k), el("dd", {}, v))]));

  const labels = data.series.map((p) => label(p.start, data.bucket));
  const series = (field, map = (v) => v) => data.series.map((p) => map(p[field]));
  draw("volume", "bar", labels, [{ label: T.volume, data: series("conversations"), backgroundColor: "#1d4ed8" }]);
  table("volume", [T.time, T.volume], labels.map((l, i) => [l, data.series[i].conversations]));
  draw("resolution", "line", labels, [{ label: T.resolution, data: series("resolution_rate", percent), borderColor: "#047857" }]);
  table("resolution", [T.time, `${T.resolution} %`], labels.map((l, i) => [l, percent(data.series[i].resolution_rate)]));
  draw("handoff_rate", "line", labels, [{ label: T.handoff_rate, data: series("handoff_rate", percent), borderColor: "#b45309" }]);
  table("handoff_rate", [T.time, `${T.handoff_rate} %`], labels.map((l, i) => [l, percent(data.series[i].handoff_rate)]));
  draw("latency", "line", labels, [
    { label: "p50", data: series("latency_p50_ms"), borderColor: "#1d4ed8" },
    { label: "p95", data: series("latency_p95_ms"), borderColor: "#b91c1c" },
  ]);
  table("latency", [T.time, "p50", "p95"], labels.map((l, i) => [l, data.series[i].latency_p50_ms, data.series[i].latency_p95_ms]));
  const intents = data.top_intents;
  draw("top_intents", "bar", intents.map((i) => i.intent), [{ label: T.turns, data: intents.map((i) => i.turns), backgroundColor: "#6d28d9" }], { indexAxis: "y" });
  table("top_intents", [T.intent, T.turns], intents.map((i) => [i.intent, i.turns]));
  const unanswered = data.top_unanswered;
  draw("top_unanswered", "bar", unanswered.map((u) => u.question), [{ label: T.count, data: unanswered.map((u) => u.count), backgroundColor: "#b91c1c" }], { indexAxis: "y" });
  table("top_unanswered", [T.question, T.count, T.examples], unanswered.map((u) => [u.question, u.count, u.examples.join(" / ")]));
}

$("period").addEventListener("change", load);
load();
