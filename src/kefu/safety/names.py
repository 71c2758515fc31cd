"""Chinese person names without a cue word: a small model over surname-led candidates.

The cue rules in `pii.py` find a name after 我叫, 收件人, 老公…; a customer also writes
"闫泽玲在不在？", "让邹丽欢给我回个电话", "钱亦舒、覃红、秦海". Every place where a known
surname starts and one or two Chinese characters follow is a candidate; a logistic regression
over hashed features says how likely it is a name: the given-name characters and how often
they appear in names (from the person names in jieba's dictionary) rather than in words, the
characters around the candidate, and whether it or its parts are ordinary dictionary words
(高兴, 方便, 王府井 are not names). Overlapping candidates keep the likelier one.

A model folder holds `model.json` (format, feature count, threshold, training counts) and
`weights.npz` (float arrays only). `kefu safety train-names` rebuilds it (`name_training.py`).
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import FeatureHasher  # type: ignore[import-untyped]

from kefu.errors import ConfigError
from kefu.safety.name_words import DOUBLE_SURNAMES, SINGLE_SURNAMES

FORMAT = "kefu-name-model"
FORMAT_VERSION = 1
N_FEATURES = 2**18
DEFAULT_MODEL_DIR = Path(__file__).parent / "name_model"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Candidate:
    """`text[start:end]`, a surname followed by a given name of one or two characters."""

    start: int
    end: int
    surname: str
    given: str


@dataclass(frozen=True)
class Lexicon:
    """What the features know of Chinese: surnames, dictionary words, name characters."""

    single_surnames: frozenset[str]
    double_surnames: frozenset[str]
    words: dict[str, tuple[int, str]]  # jieba's dictionary: word → (frequency, part of speech)
    person_names: frozenset[str]  # its entries tagged `nr`
    name_char_prior: dict[str, float]  # log P(char | given names) − log P(char | all words)

    def common(self, word: str) -> bool:
        """A frequent dictionary word (jieba tags some, 明白 and 石家庄 among them, as names)."""
        entry = self.words.get(word)
        return entry is not None and entry[0] >= COMMON_WORD

    def prior(self, char: str) -> float:
        return self.name_char_prior.get(char, self.name_char_prior[""])


@functools.cache
def lexicon() -> Lexicon:
    """Built once per process from jieba's dictionary (~0.5 s) and `pii.py`'s surname lists."""
    words: dict[str, tuple[int, str]] = {}
    names: set[str] = set()
    in_names: Counter[str] = Counter()
    in_words: Counter[str] = Counter()
    for line in resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8").splitlines():
        word, frequency, tag = [*line.split(" "), "", ""][:3]
        words[word] = (int(frequency) if frequency.isdigit() else 1, tag)
        in_words.update(word)
        if tag == "nr" and 2 <= len(word) <= 4:
            names.add(word)
            in_names.update(word[2 if word[:2] in DOUBLE_SURNAMES else 1 :])
    total_names, total_words = sum(in_names.values()), sum(in_words.values())
    prior = {
        char: math.log((in_names[char] + 0.5) / total_names) - math.log((count + 0.5) / total_words)
        for char, count in in_words.items()
    }
    prior[""] = math.log(0.5 / total_names) - math.log(0.5 / total_words)  # a character never seen
    return Lexicon(frozenset(SINGLE_SURNAMES), frozenset(DOUBLE_SURNAMES), words, frozenset(names), prior)


COMMON_WORD = 100  # a dictionary word this frequent (沈阳, 周三, 应该) is not read as a name


def candidates(text: str, lex: Lexicon) -> list[Candidate]:
    """Every surname in `text` followed by one or two Chinese characters, except where the
    candidate, or its first two characters, is a common word that is not a person's name."""
    found = []
    for i in range(len(text)):
        surnames = [s for s in (text[i : i + 2],) if s in lex.double_surnames]
        surnames += [text[i]] if text[i] in lex.single_surnames else []
        for surname in surnames:
            for length in (1, 2):
                end = i + len(surname) + length
                given = text[i + len(surname) : end]
                if end <= len(text) and all(_CJK.fullmatch(char) for char in given):
                    head = text[i : i + 2]
                    if not (lex.common(text[i:end]) or (lex.common(head) and head != surname)):
                        found.append(Candidate(i, end, surname, given))
    return found


def features(text: str, c: Candidate, lex: Lexicon) -> list[str]:
    """The candidate's feature names (hashed later)."""
    left, left2, right, right2 = (_kind(text, k) for k in (c.start - 1, c.start - 2, c.end, c.end + 1))
    size = len(c.given)
    found = [
        f"s:{c.surname}",
        f"sl:{len(c.surname)}",
        f"g:{c.given}",
        f"g0:{c.given[0]}",
        f"g1:{c.given[1] if size > 1 else '-'}",
        f"gl:{size}",
        f"L1:{left}",
        f"L2:{left2}{left}",
        f"R1:{right}",
        f"R2:{right}{right2}",
        f"L1R1:{left}|{right}",
        f"gl{size}R1:{right}",
        f"gl{size}L1:{left}",
    ]
    name = text[c.start : c.end]
    if entry := lex.words.get(name):
        found += [f"dict:{entry[1]}", f"dictf:{min(int(math.log10(entry[0] + 1)), 5)}"]
    if name in lex.person_names:
        found.append("nr")
    head = c.surname + c.given[0]
    if size > 1 and head in lex.words and head not in lex.person_names:
        found.append(f"sg0dict:{lex.words[head][1]}")
    if c.given in lex.words:
        found.append(f"gdict:{lex.words[c.given][1]}")
    if c.end < len(text) and c.given[-1] + text[c.end] in lex.words:
        found.append("crossR")
    if c.start > 0 and (before := text[c.start - 1] + c.surname[0]) in lex.words:
        found.append(f"crossL:{lex.words[before][1]}")
    priors = [lex.prior(char) for char in c.given]
    found += [f"p{k}:{_bucket(p)}" for k, p in enumerate(priors)] + [f"pmin:{_bucket(min(priors))}"]
    return found


def _kind(text: str, index: int) -> str:
    """A neighbouring character as a feature: Chinese characters as themselves, others by kind."""
    if not 0 <= index < len(text):
        return "<e>"
    char = unicodedata.normalize("NFKC", text[index])  # "，" and "," alike: pii.py folds full width
    if _CJK.fullmatch(char):
        return char
    if char.isdigit():
        return "<d>"
    if char.isascii() and char.isalpha():
        return "<a>"
    return "<s>" if char.isspace() else f"<p{char}>"


def _bucket(value: float) -> int:
    return int(max(-4.0, min(4.0, value)))


def hasher() -> FeatureHasher:
    return FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)


class NameModel:
    """Scores surname-led candidates; `find` returns the names at or above the threshold."""

    def __init__(
        self, coef: np.ndarray[Any, Any], intercept: float, threshold: float, metadata: dict[str, Any]
    ) -> None:
        if coef.shape != (N_FEATURES,):
            raise ValueError(f"expected {N_FEATURES} coefficients, got {coef.shape}")
        self.coef = coef.astype(np.float32)
        self.intercept = float(intercept)
        self.threshold = threshold
        self.metadata = metadata
        self._hasher = hasher()

    @classmethod
    def load(cls, path: Path | None = None) -> NameModel:
        folder = path or DEFAULT_MODEL_DIR
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or meta.get("version") != FORMAT_VERSION:
                raise ValueError(f"not a {FORMAT} v{FORMAT_VERSION} model")
            with np.load(folder / "weights.npz", allow_pickle=False) as weights:
                coef, intercept = weights["coef"], weights["intercept"]
            return cls(coef, float(intercept), float(meta["threshold"]), meta)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"name model at {folder} cannot be loaded: {exc}", f"无法加载姓名模型 {folder}：{exc}"
            ) from None

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {**self.metadata, "format": FORMAT, "version": FORMAT_VERSION, "threshold": self.threshold}
        np.savez_compressed(
            folder / "weights.npz", coef=self.coef.astype(np.float16), intercept=np.float32(self.intercept)
        )
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")

    def probabilities(self, text: str, found: list[Candidate]) -> np.ndarray[Any, Any]:
        if not found:
            return np.zeros(0)
        lex = lexicon()
        rows = self._hasher.transform([features(text, c, lex) for c in found])
        return np.asarray(1 / (1 + np.exp(-(rows @ self.coef + self.intercept))))

    def scored(self, text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[float, Candidate]]:
        """Each candidate outside the `taken` spans, with its probability of being a name."""
        found = [c for c in candidates(text, lexicon()) if not overlaps(c, taken)]
        return list(zip(self.probabilities(text, found).tolist(), found, strict=True))

    def find(self, text: str, taken: Sequence[tuple[int, int]]) -> list[Candidate]:
        """Names in `text` outside the `taken` spans, likeliest first among overlapping ones."""
        return sorted(pick(self.scored(text, taken), self.threshold), key=lambda c: c.start)


def pick(scored: list[tuple[float, Candidate]], threshold: float) -> list[Candidate]:
    """The candidates at or above `threshold`, likeliest first, none overlapping a likelier one."""
    kept: list[Candidate] = []
    for score, c in sorted(scored, key=lambda pair: -pair[0]):
        if score < threshold:
            break
        if not overlaps(c, [(k.start, k.end) for k in kept]):
            kept.append(c)
    return kept


def overlaps(c: Candidate, spans: Sequence[tuple[int, int]]) -> bool:
    return any(c.start < b and a < c.end for a, b in spans)


@functools.cache
def shipped_model() -> NameModel:
    """The model that ships with kefu, and the dictionary it reads, loaded once per process."""
    lexicon()
    return NameModel.load()
