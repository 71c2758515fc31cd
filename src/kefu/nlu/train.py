"""Training: early stopping on dev, a fixed seed, then the out-of-scope threshold calibrated on dev.

Calibration (docs/nlu.md): with an out-of-scope label in the data (CLINC150's `oos`), the threshold
on the top intent's probability maximises dev in-scope accuracy + out-of-scope recall (an
out-of-scope utterance is caught when predicted `oos` or below the threshold). Without one, it is
the highest value that keeps `keep_share` (99 %) of dev utterances at or above it.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from kefu.errors import InvalidInput
from kefu.nlu.data import Example, load_split
from kefu.nlu.metrics import score
from kefu.nlu.model import UNK, JointModel, ModelConfig, Vocabulary
from kefu.nlu.predictor import NluModel
from kefu.nlu.tokenize import word_key

EpochCallback = Callable[[int, dict[str, Any]], None]
BatchCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class TrainOptions:
    epochs: int = 30
    patience: int = 5
    seed: int = 13
    batch_size: int = 32
    learning_rate: float = 2e-3
    singleton_unk: float = 0.3  # chance a word seen once in train becomes <unk> (learns the unknown word)
    label_smoothing: float = 0.0  # of the intent targets
    oos_label: str = "oos"
    keep_share: float = 0.99
    threads: int | None = None
    model: ModelConfig = field(default_factory=ModelConfig)


@dataclass
class TrainReport:
    model_dir: Path
    epochs_run: int
    best_epoch: int
    dev: dict[str, Any]
    threshold: float
    calibration: str
    seconds: float
    train_utterances: int


def train(
    data_dir: Path,
    out_dir: Path,
    options: TrainOptions,
    on_epoch: EpochCallback | None = None,
    on_batch: BatchCallback | None = None,
) -> TrainReport:
    """Train on `data_dir`'s train split, select on dev, write `out_dir` (atomically)."""
    began = time.perf_counter()
    train_set, dev_set = load_split(data_dir, "train"), load_split(data_dir, "dev")
    if not train_set or not dev_set:
        raise InvalidInput(
            "nlu_data_invalid", f"{data_dir}: train and dev must not be empty", "训练集和验证集不能为空"
        )
    previous_threads = torch.get_num_threads()
    deterministic = torch.are_deterministic_algorithms_enabled()
    if options.threads:
        torch.set_num_threads(options.threads)
    torch.use_deterministic_algorithms(True)
    try:
        seed_everything(options.seed)
        model, best_epoch, epochs_run, dev = _fit(train_set, dev_set, options, on_epoch, on_batch)
    finally:
        torch.use_deterministic_algorithms(deterministic)
        torch.set_num_threads(previous_threads)
    # the weights as they will be saved (float16), so the threshold and dev scores are theirs
    model.network.load_state_dict({k: v.half().float() for k, v in model.network.state_dict().items()})
    decoded = model.decode([e.tokens for e in dev_set])
    gold = [e.intent for e in dev_set]
    oos = options.oos_label if options.oos_label in model.vocabulary.intents else None
    if oos:
        threshold = calibrate_with_oos(gold, decoded.intents, decoded.confidences, oos)
        calibration = f"maximises dev in-scope accuracy + recall of '{oos}'"
    else:
        threshold = calibrate_keep_share(decoded.confidences, options.keep_share)
        calibration = f"keeps {options.keep_share:.0%} of dev utterances at or above it"
    model.threshold, model.oos_label = threshold, oos
    dev = score(
        gold,
        [list(e.tags) for e in dev_set],
        decoded.intents,
        decoded.tags,
        model.confident(decoded.confidences),
        oos,
    )
    seconds = time.perf_counter() - began
    model.info = {
        "model": options.model.to_dict(),
        "calibration": calibration,
        "training": {
            "data": data_dir.name,
            "seed": options.seed,
            "epochs_run": epochs_run,
            "best_epoch": best_epoch,
            "train_utterances": len(train_set),
            "dev_utterances": len(dev_set),
            "seconds": round(seconds, 1),
            "dev": dev,
        },
    }
    model.save(out_dir)
    return TrainReport(out_dir, epochs_run, best_epoch, dev, threshold, calibration, seconds, len(train_set))


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _fit(
    train_set: Sequence[Example],
    dev_set: Sequence[Example],
    options: TrainOptions,
    on_epoch: EpochCallback | None,
    on_batch: BatchCallback | None,
) -> tuple[NluModel, int, int, dict[str, Any]]:
    sentences = [[t.text for t in e.tokens] for e in train_set]
    vocabulary = Vocabulary.build(
        sentences, [e.intent for e in train_set], [t for e in train_set for t in e.tags]
    )
    network = JointModel(options.model, vocabulary)
    model = NluModel(network, vocabulary, 0.0, None, {})
    optimizer = torch.optim.Adam(network.parameters(), lr=options.learning_rate)
    # halve the learning rate when dev stops improving for 2 epochs: steadier late epochs
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.5, patience=1)
    counts = Counter(vocabulary.word_index.get(word_key(t), UNK) for s in sentences for t in s)
    singletons = torch.zeros(len(vocabulary.words), dtype=torch.bool)
    singletons[[i for i, n in counts.items() if n == 1]] = True
    dev_tokens = [e.tokens for e in dev_set]
    dev_gold = ([e.intent for e in dev_set], [list(e.tags) for e in dev_set])
    best: tuple[float, float] = (-1.0, -1.0)
    best_state: dict[str, Any] = {}
    best_epoch, best_dev, epoch = 0, {}, 0
    batches = math.ceil(len(train_set) / options.batch_size)
    order = list(range(len(train_set)))
    for epoch in range(1, options.epochs + 1):
        network.train()
        random.shuffle(order)
        for n in range(batches):
            chosen = [train_set[i] for i in order[n * options.batch_size : (n + 1) * options.batch_size]]
            features = vocabulary.encode([e.tokens for e in chosen], options.model)
            drop = singletons[features.words] & (torch.rand(features.words.shape) < options.singleton_unk)
            features = dataclasses.replace(features, words=features.words.masked_fill(drop, UNK))
            intents = torch.tensor([vocabulary.intent_index[e.intent] for e in chosen])
            tags = torch.zeros(features.words.shape, dtype=torch.long)
            for b, e in enumerate(chosen):
                tag_ids = [vocabulary.tag_index[t] for t in e.tags[: options.model.max_tokens]]
                tags[b, : len(tag_ids)] = torch.tensor(tag_ids, dtype=torch.long)
            loss = network.loss(features, intents, tags, options.label_smoothing)
            optimizer.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(network.parameters(), 5.0)
            optimizer.step()
            if on_batch:
                on_batch(n + 1, batches)
        network.eval()
        model = NluModel(network, vocabulary, 0.0, None, {})
        decoded = model.decode(dev_tokens)
        dev = score(*dev_gold, decoded.intents, decoded.tags, [True] * len(dev_set))
        key = (
            float(dev["sentence_accuracy"] or 0),
            float(dev["intent_accuracy"] or 0) + float(dev["slot_f1"] or 0),
        )
        improved = key > best
        scheduler.step(key[0] + key[1])
        if improved:
            best, best_state, best_epoch, best_dev = key, copy.deepcopy(network.state_dict()), epoch, dev
        if on_epoch:
            on_epoch(epoch, {**dev, "loss": loss.item(), "best": improved})
        if epoch - best_epoch >= options.patience:
            break
    network.load_state_dict(best_state)
    return NluModel(network, vocabulary, 0.0, None, {}), best_epoch, epoch, best_dev


def calibrate_keep_share(confidences: Sequence[float], keep_share: float) -> float:
    """The highest threshold with at least `keep_share` of `confidences` at or above it."""
    ordered = sorted(confidences)
    return (
        float(ordered[min(len(ordered) - 1, math.floor(len(ordered) * (1 - keep_share) + 1e-9))])
        if ordered
        else 0.0
    )


def calibrate_with_oos(
    gold: Sequence[str], predicted: Sequence[str], confidences: Sequence[float], oos: str
) -> float:
    """The threshold maximising in-scope accuracy + out-of-scope recall on dev (lowest on ties)."""
    is_oos = np.array([g == oos for g in gold])
    right = np.array([p == g for g, p in zip(gold, predicted, strict=True)])
    caught = np.array([p == oos for p in predicted])
    confidence = np.asarray(confidences, dtype=np.float64)
    thresholds = np.unique(np.concatenate([[0.0], confidence]))
    kept = confidence[None, :] >= thresholds[:, None]  # [thresholds, utterances]
    accuracy = (kept & right)[:, ~is_oos].sum(1) / max(1, int((~is_oos).sum()))
    recall = (~kept | caught)[:, is_oos].sum(1) / max(1, int(is_oos.sum()))
    return float(thresholds[int(np.argmax(accuracy + recall))])  # argmax: the lowest of equal bests
