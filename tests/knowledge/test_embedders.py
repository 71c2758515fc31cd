"""Embedders: the real USE model, the OpenAI-compatible client against scripted servers, the registry."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import httpx
import numpy as np
import pytest

from kefu.errors import ConfigError, EngineUnavailable
from kefu.knowledge.embedders import create_embedder
from kefu.knowledge.embedders.openai import OpenAIEmbedder
from kefu.knowledge.embedders.usem3 import UniversalSentenceEncoder


@pytest.fixture(scope="module")
def use() -> UniversalSentenceEncoder:
    return UniversalSentenceEncoder(threads=1, batch_size=2)


def test_usem3_puts_a_chinese_paraphrase_closer_than_an_unrelated_sentence(
    use: UniversalSentenceEncoder,
) -> None:
    source, paraphrase, unrelated = use.embed(["退款多久能到账？", "钱多久能退回来？", "明天北京会下雨吗？"])
    assert float(source @ paraphrase) > float(source @ unrelated) + 0.2


def test_usem3_returns_unit_rows_in_input_order_across_batches(use: UniversalSentenceEncoder) -> None:
    texts = ["你好", "退货怎么申请？", "How do I return an item?", "发票", "会员积分怎么用", "保修多久"]
    vectors = use.embed(texts)
    assert vectors.shape == (6, 512) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    one_by_one = np.concatenate([use.embed([t]) for t in texts])  # batch_size=2 cut the call into 3
    np.testing.assert_allclose(vectors, one_by_one, atol=1e-5)
    assert use.embed([]).shape == (0, 512)


def test_usem3_counts_sentencepiece_tokens(use: UniversalSentenceEncoder) -> None:
    short = use.count_tokens("退货")
    assert short > 0
    assert use.count_tokens("退货运费谁出？质量问题的往返运费由我们承担。") > short
    assert use.count_tokens("") == 0


def test_usem3_loads_once_when_threads_race() -> None:
    embedder = UniversalSentenceEncoder(threads=1)
    results: list[np.ndarray] = []
    threads = [threading.Thread(target=lambda: results.append(embedder.embed(["你好"]))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(np.allclose(r, results[0]) for r in results)


def scripted(handler: Callable[[httpx.Request], httpx.Response], **options: object) -> OpenAIEmbedder:
    return OpenAIEmbedder("http://embed/v1/", "bge-m3", transport=httpx.MockTransport(handler), **options)  # type: ignore[arg-type]


def test_openai_batches_sends_openai_requests_and_normalises() -> None:
    bodies: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url == "http://embed/v1/embeddings"
        assert request.headers["authorization"] == "Bearer k"
        body = json.loads(request.content)
        bodies.append(body)
        # Answer out of order and unnormalised: vector i is (i+1) * (3, 4).
        data = [
            {"object": "embedding", "index": i, "embedding": [3.0 * (len(bodies) * 10 + i), 4.0]}
            for i in range(len(body["input"]))
        ]
        return httpx.Response(200, json={"object": "list", "data": data[::-1], "model": "bge-m3"})

    embedder = scripted(handler, api_key="k", batch_size=2)
    vectors = embedder.embed(["a", "b", "c", "d", "e"])
    assert [b["input"] for b in bodies] == [["a", "b"], ["c", "d"], ["e"]]
    assert all(b["model"] == "bge-m3" for b in bodies)
    assert vectors.shape == (5, 2) and embedder.dimension == 2
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    expected_first = np.array([30.0, 4.0]) / np.hypot(30.0, 4.0)
    np.testing.assert_allclose(vectors[0], expected_first, atol=1e-6)


def test_openai_learns_the_dimension_with_one_request_when_not_given() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        n = len(json.loads(request.content)["input"])
        return httpx.Response(200, json={"data": [{"index": i, "embedding": [1.0, 0, 0]} for i in range(n)]})

    embedder = scripted(handler)
    assert embedder.dimension == 3 and embedder.dimension == 3 and calls == 1
    assert scripted(handler, dimension=3).embed([]).shape == (0, 3) and calls == 1


@pytest.mark.parametrize(
    ("response", "detail"),
    [
        (httpx.Response(500, text="model not loaded"), "HTTP 500"),
        (httpx.Response(200, text="<html>proxy</html>"), "not an OpenAI embeddings answer"),
        (httpx.Response(200, json={"data": [{"index": 0, "embedding": [1.0]}]}), "expected 2 vectors"),
        (
            httpx.Response(200, json={"data": [{"index": i, "embedding": [1.0, 2.0]} for i in range(2)]}),
            "dimension 2, expected 3",
        ),
        (
            httpx.Response(
                200, content=b'{"data": [{"index": 0, "embedding": [NaN]}, {"index": 1, "embedding": [1]}]}'
            ),
            "NaN",
        ),
    ],
)
def test_openai_bad_answers_raise_engine_unavailable(response: httpx.Response, detail: str) -> None:
    embedder = scripted(lambda request: response, dimension=3 if "expected 3" in detail else None)
    with pytest.raises(EngineUnavailable) as caught:
        embedder.embed(["a", "b"])
    assert detail in caught.value.detail
    assert "embedding" in caught.value.message and "向量化服务" in caught.value.message_for("zh")


def test_openai_connection_errors_raise_engine_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(EngineUnavailable, match="cannot reach http://embed/v1/embeddings"):
        scripted(refuse).embed(["a"])

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(EngineUnavailable, match="did not answer in time"):
        scripted(slow).embed(["a"])


def test_openai_token_estimate_counts_cjk_characters_and_latin_words() -> None:
    embedder = OpenAIEmbedder("http://embed/v1", "m")
    assert embedder.count_tokens("退货运费") == 4
    assert embedder.count_tokens("refund policy") == 3  # ceil(2 * 1.3)
    assert embedder.count_tokens("iPhone 的保修期") == 2 + 4
    assert embedder.count_tokens("") == 0


def test_registry_builds_known_embedders_and_names_them_on_an_unknown_one() -> None:
    assert create_embedder("usem3", threads=1).name == "usem3"
    assert create_embedder("openai", base_url="http://embed/v1", model="m").name == "openai"
    with pytest.raises(ConfigError, match="unknown embedder 'x'; known: openai, usem3"):
        create_embedder("x")
    with pytest.raises(ConfigError, match="invalid options for embedder 'usem3'"):
        create_embedder("usem3", model="m")
