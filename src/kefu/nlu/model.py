"""The joint model: token features → BiLSTM → a CRF over BIO slot tags and an intent head.

Token features: a word embedding (lower case, digits as 0), a character CNN over the token's
characters (unseen words and codes such as order ids still look like something), and a small
embedding of the token's shape (CJK, digits, case, code, punctuation). The intent head pools the
BiLSTM states (attention and max pooling); the pooled vector is also given to every token's slot
scores, so the slots know the intent (as slot-gated models do).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray
from torch import nn
from torchcrf import CRF  # type: ignore[import-untyped]

from kefu.nlu.tokenize import SHAPES, Token, shape, word_key

PAD, UNK = 0, 1
FORBIDDEN = -1.0e4  # added to transitions a BIO sequence cannot take (O → I-x, B-x → I-y)


@dataclass(frozen=True)
class ModelConfig:
    """Sizes of the network (saved in config.json)."""

    word_dim: int = 128
    char_dim: int = 32
    char_filters: int = 64
    shape_dim: int = 8
    bigram_dim: int = 48
    hidden: int = 128
    dropout: float = 0.3
    max_token_chars: int = 16
    max_tokens: int = 128

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Vocabulary:
    """Index maps of words, characters, intents and tags (saved as vocab.json and labels.json)."""

    words: list[str]
    chars: list[str]
    intents: list[str]
    tags: list[str]
    bigrams: list[str] = field(default_factory=list)
    word_index: dict[str, int] = field(init=False, repr=False)
    char_index: dict[str, int] = field(init=False, repr=False)
    tag_index: dict[str, int] = field(init=False, repr=False)
    intent_index: dict[str, int] = field(init=False, repr=False)
    bigram_index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.word_index = {w: i for i, w in enumerate(self.words)}
        self.char_index = {c: i for i, c in enumerate(self.chars)}
        self.tag_index = {t: i for i, t in enumerate(self.tags)}
        self.intent_index = {t: i for i, t in enumerate(self.intents)}
        self.bigram_index = {b: i for i, b in enumerate(self.bigrams)}

    @classmethod
    def build(
        cls, sentences: Sequence[Sequence[str]], intents: Sequence[str], tags: Sequence[str]
    ) -> Vocabulary:
        words = sorted({word_key(t) for s in sentences for t in s})
        chars = sorted({c for s in sentences for t in s for c in t.lower()})
        tag_set = sorted(set(tags) - {"O"})
        pairs = Counter(b for s in sentences for b in _bigrams([word_key(t) for t in s]))
        bigrams = sorted(b for b, n in pairs.items() if n >= 2)  # seen once: noise, and a bigger model
        return cls(
            ["<pad>", "<unk>", *words],
            ["<pad>", "<unk>", *chars],
            sorted(set(intents)),
            ["O", *tag_set],
            ["<pad>", "<unk>", *bigrams],
        )

    def encode(self, sentences: Sequence[Sequence[Token]], config: ModelConfig) -> Features:
        """Padded index tensors for a batch of token sequences (each truncated to max_tokens)."""
        sentences = [s[: config.max_tokens] or [Token("<pad>", 0, 0)] for s in sentences]
        length = max(len(s) for s in sentences)
        width = min(config.max_token_chars, max(len(t.text) for s in sentences for t in s))
        words = np.zeros((len(sentences), length), dtype=np.int64)
        shapes = np.zeros_like(words)
        bigrams = np.zeros_like(words)
        chars = np.zeros((len(sentences), length, width), dtype=np.int64)
        for b, sentence in enumerate(sentences):
            keys = [word_key(t.text) for t in sentence]
            words[b, : len(sentence)] = [self.word_index.get(k, UNK) for k in keys]
            bigrams[b, : len(sentence)] = [self.bigram_index.get(k, UNK) for k in _bigrams(keys)]
            # a space before a token is a strong boundary cue in Chinese text ("撤销 周一 买的")
            shapes[b, : len(sentence)] = [
                shape(t.text) + (SHAPES if i and t.start > sentence[i - 1].end else 0)
                for i, t in enumerate(sentence)
            ]
            for i, token in enumerate(sentence):
                text = token.text.lower()[:width]
                chars[b, i, : len(text)] = [self.char_index.get(c, UNK) for c in text]
        return Features(*(torch.from_numpy(a) for a in (words, chars, shapes, bigrams)))


def _bigrams(keys: Sequence[str]) -> list[str]:
    """Each token with the next one: character bigrams in Chinese, word bigrams in English."""
    return [f"{a} {b}" for a, b in zip(keys, [*keys[1:], "</s>"], strict=True)]


@dataclass(frozen=True)
class Features:
    words: torch.Tensor  # [batch, tokens]
    chars: torch.Tensor  # [batch, tokens, chars]
    shapes: torch.Tensor  # [batch, tokens]
    bigrams: torch.Tensor  # [batch, tokens]

    @property
    def mask(self) -> torch.Tensor:
        return self.shapes != 0


class JointModel(nn.Module):
    """BiLSTM encoder with an intent head and a CRF slot tagger."""

    def __init__(self, config: ModelConfig, vocabulary: Vocabulary) -> None:
        super().__init__()
        self.config = config
        self.word_embedding = nn.Embedding(len(vocabulary.words), config.word_dim, padding_idx=PAD)
        self.char_embedding = nn.Embedding(len(vocabulary.chars), config.char_dim, padding_idx=PAD)
        self.char_cnn = nn.Conv1d(config.char_dim, config.char_filters, kernel_size=3, padding=1)
        self.shape_embedding = nn.Embedding(2 * SHAPES, config.shape_dim, padding_idx=0)
        self.dropout = nn.Dropout(config.dropout)
        self.bigram_embedding = nn.Embedding(
            max(2, len(vocabulary.bigrams)), config.bigram_dim, padding_idx=PAD
        )
        features = config.word_dim + config.char_filters + config.shape_dim + config.bigram_dim
        self.lstm = nn.LSTM(features, config.hidden, batch_first=True, bidirectional=True)
        states = 2 * config.hidden
        self.attention = nn.Linear(states, 1)
        self.intent_out = nn.Linear(2 * states, len(vocabulary.intents))
        self.slot_out = nn.Linear(states + 2 * states, len(vocabulary.tags))
        self.crf = CRF(len(vocabulary.tags), batch_first=True)

    def forward(self, x: Features) -> tuple[torch.Tensor, torch.Tensor]:
        """Intent logits [batch, intents] and slot emission scores [batch, tokens, tags]."""
        mask = x.mask
        batch, length, width = x.chars.shape
        flat = x.chars.view(batch * length, width)
        convolved = self.char_cnn(self.char_embedding(flat).transpose(1, 2))
        # Padding positions are left out of the max, so a token's features do not depend on the
        # longest token of its batch (one message alone scores as it does in a batch).
        convolved = convolved.masked_fill((flat == PAD).unsqueeze(1), float("-inf"))
        pooled = convolved.max(dim=2).values
        char_features = pooled.masked_fill(torch.isinf(pooled), 0.0).view(batch, length, -1)
        parts = [self.word_embedding(x.words), char_features, self.shape_embedding(x.shapes)]
        tokens = torch.cat([*parts, self.bigram_embedding(x.bigrams)], -1)
        tokens = self.dropout(tokens)
        lengths = mask.sum(1)
        if batch == 1:
            states, _ = self.lstm(tokens)
        else:
            packed = nn.utils.rnn.pack_padded_sequence(
                tokens, lengths.cpu(), batch_first=True, enforce_sorted=False
            )
            packed_states, _ = self.lstm(packed)
            states, _ = nn.utils.rnn.pad_packed_sequence(packed_states, batch_first=True, total_length=length)
        states = self.dropout(states)
        weights = self.attention(states).squeeze(-1).masked_fill(~mask, float("-inf")).softmax(-1)
        attended = (weights.unsqueeze(-1) * states).sum(1)
        maxed = states.masked_fill(~mask.unsqueeze(-1), float("-inf")).max(1).values
        sentence = torch.cat([attended, maxed], -1)
        intent_logits = self.intent_out(sentence)
        emissions = self.slot_out(torch.cat([states, sentence.unsqueeze(1).expand(-1, length, -1)], -1))
        return intent_logits, emissions

    def loss(
        self, x: Features, intents: torch.Tensor, tags: torch.Tensor, smoothing: float = 0.0
    ) -> torch.Tensor:
        """Intent cross-entropy plus the CRF's negative log-likelihood per sentence."""
        intent_logits, emissions = self(x)
        slot_nll = -self.crf(emissions, tags, mask=x.mask, reduction="mean")
        loss: torch.Tensor = (
            nn.functional.cross_entropy(intent_logits, intents, label_smoothing=smoothing) + slot_nll
        )
        return loss

    def transitions(self, tags: Sequence[str]) -> Transitions:
        """The CRF's learned transition scores with impossible BIO moves forbidden, for `viterbi`."""
        allowed = np.array([[_may_follow(a, b) for b in tags] for a in tags])
        starts = np.array([not t.startswith("I-") for t in tags])
        return Transitions(
            np.where(starts, self.crf.start_transitions.detach().numpy(), FORBIDDEN).astype(np.float32),
            np.where(allowed, self.crf.transitions.detach().numpy(), FORBIDDEN).astype(np.float32),
            self.crf.end_transitions.detach().numpy().astype(np.float32),
        )


def _may_follow(previous: str, tag: str) -> bool:
    return not tag.startswith("I-") or previous[2:] == tag[2:]


@dataclass(frozen=True)
class Transitions:
    start: NDArray[np.float32]  # [tags]
    between: NDArray[np.float32]  # [from, to]
    end: NDArray[np.float32]  # [tags]


def viterbi(emissions: NDArray[np.float32], transitions: Transitions) -> list[int]:
    """The best tag sequence for one sentence's emissions [tokens, tags] (a linear-chain CRF)."""
    score = transitions.start + emissions[0]
    back = np.empty((len(emissions), emissions.shape[1]), dtype=np.int64)
    for t in range(1, len(emissions)):
        candidates = score[:, None] + transitions.between
        back[t] = candidates.argmax(0)
        score = candidates.max(0) + emissions[t]
    best = [int((score + transitions.end).argmax())]
    for t in range(len(emissions) - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return best[::-1]
