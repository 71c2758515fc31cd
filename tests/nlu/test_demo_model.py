"""The demo model shipped with kefu: it loads from the package and understands the demo shop's customers."""

from __future__ import annotations

import json

from kefu.nlu import DEMO_MODEL_DIR, NluModel


def test_the_shipped_demo_model_understands_customers() -> None:
    model = NluModel.load(DEMO_MODEL_DIR)
    text = "快递到哪了 单号SF1234567890123"
    prediction = model.predict(text)
    assert prediction.intent == "logistics"
    assert [(s.type, s.value) for s in prediction.slots] == [("tracking_no", "SF1234567890123")]
    assert text[prediction.slots[0].start : prediction.slots[0].end] == "SF1234567890123"
    assert model.predict("转人工").intent == "human_agent"
    address = model.predict("帮我把 XH202611250001 的收货地址改成杭州市西湖区文三路5号")
    assert address.intent == "change_address"
    assert [(s.type, s.value) for s in address.slots] == [
        ("order_id", "XH202611250001"),
        ("address", "杭州市西湖区文三路5号"),
    ]


def test_the_shipped_demo_model_is_small_and_documented() -> None:
    assert sum(p.stat().st_size for p in DEMO_MODEL_DIR.iterdir()) < 5_000_000
    config = json.loads((DEMO_MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    assert config["oos_label"] is None and 0.0 < config["threshold"] < 1.0
    assert config["training"]["dev"]["intent_accuracy"] > 0.85
