"""`NluModel`: a trained model directory loaded for inference, and where the model comes from.

A model directory holds `model.pt` (the state dict in float16, read with `weights_only=True`), `vocab.json`
(words, characters), `labels.json` (intents, tags) and `config.json` (sizes, the out-of-scope
threshold and how it was calibrated, the training summary). It is written whole or not at all.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from kefu.config import Settings
from kefu.errors import NotFound
from kefu.nlu.errors import NluModelError
from kefu.nlu.metrics import chunks
from kefu.nlu.model import JointModel, ModelConfig, Transitions, Vocabulary, viterbi
from kefu.nlu.tokenize import Token, tokenize

DEMO_MODEL_DIR = Path(__file__).parent / "demo" / "model"
FILES = ("model.pt", "vocab.json", "labels.json", "config.json")
FORMAT = 1
NONE = "none"


def resolve_model_dir(settings: Settings) -> Path:
    """The NLU model to use: `settings.nlu_model`, or the demo model shipped with kefu."""
    return settings.nlu_model or DEMO_MODEL_DIR


@dataclass(frozen=True, slots=True)
class SlotSpan:
    """A slot found in the text: `value == text[start:end]`."""

    type: str
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Prediction:
    """The intent (`none` below the confidence threshold or out of scope), its probability, the slots,
    and the top intents with their probabilities (`scores`, best first)."""

    intent: str
    confidence: float
    slots: list[SlotSpan]
    scores: list[tuple[str, float]]

    def record(self) -> dict[str, Any]:
        """The JSON shape of `kefu nlu predict --json`."""
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "slots": [{"type": s.type, "value": s.value, "start": s.start, "end": s.end} for s in self.slots],
        }


@dataclass(frozen=True)
class Decoded:
    """The model's closed-set output for a batch of token sequences."""

    intents: list[str]
    confidences: list[float]
    tags: list[list[str]]


class NluModel:
    """A loaded joint intent + slot model. `predict` is safe to call from several threads at once."""

    def __init__(
        self,
        network: JointModel,
        vocabulary: Vocabulary,
        threshold: float,
        oos_label: str | None,
        info: dict[str, Any],
    ) -> None:
        self.network = network.eval()
        self.vocabulary = vocabulary
        self.threshold = threshold
        self.oos_label = oos_label
        self.info = info
        self._transitions: Transitions = network.transitions(vocabulary.tags)

    @classmethod
    def load(cls, path: Path, threads: int | None = 1) -> NluModel:
        """Load a model directory. `threads` sets torch's intra-op threads for the process (1 gives
        the steadiest single-utterance latency; None leaves torch's default)."""
        if not path.is_dir():
            raise NotFound("nlu_model_not_found", f"NLU model {path} not found", f"找不到 NLU 模型 {path}")
        missing = [name for name in FILES if not (path / name).is_file()]
        if missing:
            raise NluModelError(f"NLU model {path} is incomplete: missing {', '.join(missing)}")
        try:
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
            labels = json.loads((path / "labels.json").read_text(encoding="utf-8"))
            if config.get("format") != FORMAT:
                raise NluModelError(
                    f"NLU model {path} has format {config.get('format')!r}, expected {FORMAT}"
                )
            vocabulary = Vocabulary(
                vocab["words"], vocab["chars"], labels["intents"], labels["tags"], vocab["bigrams"]
            )
            network = JointModel(ModelConfig(**config["model"]), vocabulary)
            state = torch.load(path / "model.pt", map_location="cpu", weights_only=True)
            network.load_state_dict({k: v.float() for k, v in state.items()})
            threshold = float(config["threshold"])
            oos_label = config.get("oos_label")
        except NluModelError:
            raise
        except Exception as exc:  # any corruption: bad JSON, missing keys, wrong shapes, bad pickle
            raise NluModelError(f"NLU model {path} is corrupt: {type(exc).__name__}: {exc}"[:500]) from None
        if threads is not None:
            torch.set_num_threads(threads)
        return cls(network, vocabulary, threshold, oos_label, config)

    def save(self, path: Path) -> None:
        """Write the model directory atomically: into a temporary sibling, then renamed over `path`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the model from the service's user
        try:
            # half precision on disk: half the size, no measurable change in the scores
            torch.save({k: v.half() for k, v in self.network.state_dict().items()}, staging / "model.pt")
            v = self.vocabulary
            _write_json(staging / "vocab.json", {"words": v.words, "chars": v.chars, "bigrams": v.bigrams})
            _write_json(staging / "labels.json", {"intents": v.intents, "tags": v.tags})
            _write_json(
                staging / "config.json",
                {**self.info, "format": FORMAT, "threshold": self.threshold, "oos_label": self.oos_label},
            )
            if path.exists():
                old = path.with_name(f".{path.name}.old")
                shutil.rmtree(old, ignore_errors=True)
                path.rename(old)
                try:
                    staging.rename(path)
                except BaseException:
                    old.rename(path)
                    raise
                shutil.rmtree(old)
            else:
                staging.rename(path)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def predict(self, text: str) -> Prediction:
        """Intent and slots of one utterance; slot offsets index `text`."""
        tokens = tokenize(text)[: self.network.config.max_tokens]
        if not tokens:
            return Prediction(NONE, 0.0, [], [])
        with torch.inference_mode():
            intent_logits, emissions = self.network(self.vocabulary.encode([tokens], self.network.config))
            probabilities = intent_logits[0].softmax(-1)
            top = probabilities.topk(min(3, len(self.vocabulary.intents)))
        tags = viterbi(emissions[0].numpy(), self._transitions)
        scores = [
            (self.vocabulary.intents[i], float(p))
            for p, i in zip(top.values.tolist(), top.indices.tolist(), strict=True)
        ]
        intent, confidence = scores[0]
        if confidence < self.threshold or intent == self.oos_label:
            intent = NONE
        return Prediction(
            intent, confidence, self.slots(text, tokens, [self.vocabulary.tags[i] for i in tags]), scores
        )

    @staticmethod
    def slots(text: str, tokens: Sequence[Token], tags: Sequence[str]) -> list[SlotSpan]:
        """Slot spans of `text` from its tokens' BIO tags."""
        spans = []
        for kind, first, last in chunks(tags):
            start, end = tokens[first].start, tokens[last].end
            spans.append(SlotSpan(kind, text[start:end], start, end))
        return spans

    def decode(self, sentences: Sequence[Sequence[Token]], batch_size: int = 64) -> Decoded:
        """Closed-set intents, their probabilities and BIO tags of tokenized sentences (evaluation)."""
        decoded = Decoded([], [], [])
        for begin in range(0, len(sentences), batch_size):
            batch = sentences[begin : begin + batch_size]
            features = self.vocabulary.encode(batch, self.network.config)
            with torch.inference_mode():
                intent_logits, emissions = self.network(features)
                confidence, best = intent_logits.softmax(-1).max(-1)
            lengths = features.mask.sum(1).tolist()
            for b, sentence in enumerate(batch):
                tags = viterbi(emissions[b, : lengths[b]].numpy(), self._transitions) if sentence else []
                padded = [self.vocabulary.tags[i] for i in tags] + ["O"] * (len(sentence) - len(tags))
                decoded.tags.append(padded[: len(sentence)])
            decoded.intents.extend(self.vocabulary.intents[i] for i in best.tolist())
            decoded.confidences.extend(confidence.tolist())
        return decoded

    def confident(self, confidences: Sequence[float]) -> list[bool]:
        return [c >= self.threshold for c in confidences]


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
