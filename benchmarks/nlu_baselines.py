"""The NLU model on public data sets, next to published results (docs/nlu.md).

Each data set in --data-root (default ../shared/data, see its README.md) is converted to one of
the formats `kefu nlu train` reads, trained with early stopping on dev, and evaluated on test:

- snips: the JointBERT folder as it is (train / dev / test).
- crosswoz: user turns (`user_turns_{val,test}.jsonl`); the official train split is missing, so
  it trains on val (90 % of its dialogues; the other 10 % are dev) and tests on test. The intent
  is the set of the turn's dialogue acts `act+domain` joined by '#' (`Inform+餐馆#Request+餐馆`;
  `no_act` when none); the slots are the char-level BIO spans `act+domain+slot` of the data,
  mapped to kefu's tokens (a span that cuts a Latin word or number grows to the whole token).
- clinc150: the "full" setting with its out-of-scope class: train + oos_train, val + oos_val,
  test + oos_test; the threshold is calibrated on dev with the oos label.
- banking77: intent only; dev = 10 % of train per intent (seeded), test = test.csv.

    python benchmarks/nlu_baselines.py [--only snips crosswoz clinc150 banking77] [--epochs N]
        [--threads 1] [--work DIR]

Results are merged into benchmarks/results/nlu_baselines.json (one entry per data set), so the
sets can be run one at a time. The converted data and the models stay in --work.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import platform
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from kefu.nlu.data import load_split
from kefu.nlu.evaluate import evaluate
from kefu.nlu.metrics import chunks
from kefu.nlu.model import ModelConfig
from kefu.nlu.predictor import NluModel
from kefu.nlu.train import TrainOptions, train

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "nlu_baselines.json"
EPOCHS = {
    "snips": 15,
    "crosswoz": 25,
    "clinc150": 15,
    "banking77": 20,
}  # caps; early stopping ends most runs sooner
PUBLISHED = {
    "snips": "Slot-Gated (Goo et al. 2018) 97.0 / 88.8 / 75.5; JointBERT 98.6 / 97.0 / 92.8",
    "crosswoz": "ConvLab-2 BERTNLU dialogue-act F1 91.85 (trained on train, all turns; not comparable)",
    "clinc150": "BERT in-scope 96.9 / oos recall 40.3 (Larson et al. 2019)",
    "banking77": "BERT-large ~93.0; USE+ConveRT 93.36 (Casanueva et al. 2020)",
}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def convert_crosswoz(source: Path, target: Path, seed: int) -> Path:
    def records(path: Path) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            turn = json.loads(line)
            text = "".join(turn["chars"])
            assert text == turn["text"], turn["dialog_id"]
            acts = sorted({f"{a[0]}+{a[1]}" for a in turn["dialog_act"]})
            slots = [
                {"start": first, "end": last + 1, "type": kind.replace(" ", "_")}
                for kind, first, last in chunks(turn["bio"])
            ]
            out.append(
                (turn["dialog_id"], {"text": text, "intent": "#".join(acts) or "no_act", "slots": slots})
            )
        return out

    val = records(source / "user_turns_val.jsonl")
    dialogues = sorted({d for d, _ in val})
    random.Random(seed).shuffle(dialogues)
    dev_dialogues = set(dialogues[: len(dialogues) // 10])
    target.mkdir(parents=True, exist_ok=True)
    write_jsonl(target / "train.jsonl", [r for d, r in val if d not in dev_dialogues])
    write_jsonl(target / "dev.jsonl", [r for d, r in val if d in dev_dialogues])
    write_jsonl(target / "test.jsonl", [r for _, r in records(source / "user_turns_test.jsonl")])
    return target


def convert_clinc150(source: Path, target: Path, seed: int) -> Path:
    data = json.loads((source / "data_full.json").read_text(encoding="utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    for split, keys in {
        "train": ("train", "oos_train"),
        "dev": ("val", "oos_val"),
        "test": ("test", "oos_test"),
    }.items():
        write_jsonl(
            target / f"{split}.jsonl",
            [{"text": t, "intent": i, "slots": []} for k in keys for t, i in data[k]],
        )
    return target


def convert_banking77(source: Path, target: Path, seed: int) -> Path:
    def rows(path: Path) -> list[dict[str, Any]]:
        with path.open(encoding="utf-8", newline="") as f:
            return [{"text": r["text"], "intent": r["category"], "slots": []} for r in csv.DictReader(f)]

    by_intent: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows(source / "train.csv"):
        by_intent[row["intent"]].append(row)
    rng = random.Random(seed)
    train_rows, dev_rows = [], []
    for intent in sorted(by_intent):
        group = by_intent[intent]
        rng.shuffle(group)
        cut = max(1, len(group) // 10)
        dev_rows += group[:cut]
        train_rows += group[cut:]
    target.mkdir(parents=True, exist_ok=True)
    write_jsonl(target / "train.jsonl", train_rows)
    write_jsonl(target / "dev.jsonl", dev_rows)
    write_jsonl(target / "test.jsonl", rows(source / "test.csv"))
    return target


def prepare(name: str, data_root: Path, work: Path, seed: int) -> Path:
    if name == "snips":
        return data_root / "snips"
    converter = {"crosswoz": convert_crosswoz, "clinc150": convert_clinc150, "banking77": convert_banking77}[
        name
    ]
    return converter(data_root / name, work / "data" / name, seed)


def run(name: str, args: argparse.Namespace) -> dict[str, Any]:
    data = prepare(name, args.data_root, args.work, args.seed)
    options = TrainOptions(
        epochs=args.epochs or EPOCHS[name],
        patience=args.patience,
        seed=args.seed,
        threads=args.threads,
        model=ModelConfig(hidden=args.hidden),
    )
    started = time.perf_counter()

    def on_epoch(epoch: int, dev: dict[str, Any]) -> None:
        shown = {
            k: round(v, 4)
            for k, v in dev.items()
            if k in ("intent_accuracy", "slot_f1", "sentence_accuracy") and v is not None
        }
        mark = "*" if dev["best"] else ""
        print(
            f"  {name} epoch {epoch}: dev {shown} {mark} ({time.perf_counter() - started:.0f} s)", flush=True
        )

    report = train(data, args.work / "models" / name, options, on_epoch=on_epoch)
    model = NluModel.load(report.model_dir, threads=args.threads)
    test = evaluate(model, load_split(data, "test"))
    return {
        "data": str(data),
        "published": PUBLISHED[name],
        "test": test,
        "dev": report.dev,
        "epochs_run": report.epochs_run,
        "best_epoch": report.best_epoch,
        "threshold": report.threshold,
        "calibration": report.calibration,
        "train_utterances": report.train_utterances,
        "train_seconds": round(report.seconds, 1),
        "options": {
            "seed": args.seed,
            "threads": args.threads,
            "hidden": args.hidden,
            "patience": args.patience,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", nargs="+", choices=list(EPOCHS), default=["snips", "clinc150", "banking77", "crosswoz"]
    )
    parser.add_argument("--data-root", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "kefu" / "nlu-baselines")
    parser.add_argument("--epochs", type=int, default=None, help="most epochs (default: per data set)")
    parser.add_argument("--patience", type=int, default=4)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    logging.getLogger("kefu.nlu.data").setLevel(
        logging.ERROR
    )  # CrossWOZ spans cutting numbers: many warnings
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    for name in args.only:
        print(f"{name}: training", flush=True)
        results[name] = run(name, args) | {"machine": platform.processor() or platform.machine()}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\n{'data':<10} {'intent':>7} {'slot F1':>8} {'sentence':>9} {'in-scope':>9} {'oos rec.':>9}")
    for name, result in results.items():
        t = result["test"]

        def pct(key: str, t: dict[str, Any] = t) -> str:
            return f"{100 * t[key]:.2f}" if t.get(key) is not None else "-"

        columns = ("intent_accuracy", "slot_f1", "sentence_accuracy", "in_scope_accuracy", "oos_recall")
        print(
            f"{name:<10} " + " ".join(f"{pct(c):>{w}}" for c, w in zip(columns, (7, 8, 9, 9, 9), strict=True))
        )
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
