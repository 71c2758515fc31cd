"""Flow files for the tests: the repository's demo flows and a minimal flow to break."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DEMO_FLOWS = REPO / "flows"

MINIMAL = """\
name: lookup
intents: [order_status]
slots:
  - name: order_id
    validator: {kind: regex, pattern: '^XH\\d{12}$', normalize: [remove_spaces, upper]}
    prompt: {zh: 订单号是多少？, en: 'Order number?'}
    invalid: {zh: 订单号不对, en: Not an order number}
action:
  url: '${API:-http://127.0.0.1:1}/orders/{{ order_id }}'
reply: {zh: '状态：{{ response.status }}', en: 'Status: {{ response.status }}'}
"""
