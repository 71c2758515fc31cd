"""Viterbi decoding: the same path as pytorch-crf's, and never an impossible BIO sequence."""

from __future__ import annotations

import itertools

import numpy as np
import torch
from torchcrf import CRF  # type: ignore[import-untyped]

from kefu.nlu.metrics import chunks
from kefu.nlu.model import FORBIDDEN, JointModel, ModelConfig, Transitions, Vocabulary, viterbi


def test_viterbi_matches_pytorch_crf() -> None:
    torch.manual_seed(0)
    crf = CRF(5, batch_first=True)
    for length in (1, 2, 7):
        emissions = torch.randn(1, length, 5)
        expected = crf.decode(emissions, mask=torch.ones(1, length, dtype=torch.bool))[0]
        free = Transitions(
            crf.start_transitions.detach().numpy(),
            crf.transitions.detach().numpy(),
            crf.end_transitions.detach().numpy(),
        )
        assert viterbi(emissions[0].numpy(), free) == expected


def test_viterbi_finds_the_best_of_all_paths() -> None:
    rng = np.random.default_rng(1)
    emissions = rng.normal(size=(4, 3)).astype(np.float32)
    t = Transitions(*(rng.normal(size=s).astype(np.float32) for s in ((3,), (3, 3), (3,))))

    def total(path: tuple[int, ...]) -> float:
        value = t.start[path[0]] + t.end[path[-1]] + sum(emissions[i, p] for i, p in enumerate(path))
        return float(value + sum(t.between[a, b] for a, b in itertools.pairwise(path)))

    paths = [(a, b, c, d) for a in range(3) for b in range(3) for c in range(3) for d in range(3)]
    assert tuple(viterbi(emissions, t)) == max(paths, key=total)


def test_bio_constraints_forbid_orphan_inside_tags() -> None:
    vocabulary = Vocabulary(["<pad>", "<unk>"], ["<pad>", "<unk>"], ["a"], ["O", "B-x", "I-x", "B-y", "I-y"])
    model = JointModel(ModelConfig(word_dim=8, hidden=8, char_filters=8), vocabulary)
    transitions = model.transitions(vocabulary.tags)
    assert transitions.start[2] == FORBIDDEN and transitions.between[0, 2] == FORBIDDEN
    assert transitions.between[1, 4] == FORBIDDEN and transitions.between[1, 2] != FORBIDDEN
    # emissions that shout "I-y" after "B-x" still decode to a well-formed sequence
    emissions = np.full((3, 5), -5.0, dtype=np.float32)
    emissions[0, 1] = emissions[1, 4] = emissions[2, 4] = 5.0
    tags = [vocabulary.tags[i] for i in viterbi(emissions, transitions)]
    assert all(not t.startswith("I-") or p[2:] == t[2:] for p, t in zip(["O", *tags], tags, strict=False))
    assert chunks(tags)
