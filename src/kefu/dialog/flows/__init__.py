"""Task flows: YAML files that collect slots, confirm, call a business system and word its answer.

A flow file (`flows/*.yml`, one flow each)::

    name: change_address
    intents: [change_address]            # ids of the intent contract; one flow per intent
    slots:                               # asked in this order
      - name: order_id                   # key in the slots dict; `type:` = NLU slot type (default: name)
        validator: {kind: regex, pattern: '^XH\\d{12}$', normalize: [remove_spaces, upper], prefix: XH}
        prompt: {zh: 请提供订单号, en: Your order number, please}
        invalid: {zh: '“{{ value }}”不是有效的订单号', en: '"{{ value }}" is not an order number'}
      - name: address
        validator: {kind: text}          # also: enum (synonyms), date (relative zh/en), phone
        prompt: {zh: 新地址是？, en: The new address?}
        invalid: {zh: ..., en: ...}
    confirm:                             # optional yes/no before acting
      prompt: {zh: '确认把订单 {{ order_id }} 的地址改为 {{ address }} 吗？', en: ...}
    action:
      method: POST
      url: '${KEFU_ORDER_API:-http://127.0.0.1:8100}/orders/{{ order_id }}/address'
      headers: {Authorization: 'Bearer ${ORDER_API_TOKEN:-}'}   # ${ENV} resolved once at load
      body: {address: '{{ address }}'}   # JSON template; `{{ name }}` alone keeps the value's type
      timeout_s: 5
      retries: 2                         # connect errors and 5xx only, backoff_s * 2**n
      expect: [200]                      # also not_found: [404], rejected: [409, 422]
    reply: {zh: '已改为 {{ response.address }}', en: ...}   # slots + the JSON `response`
    on_error: {not_found: ..., rejected: ..., down: ..., timeout: ..., bad_response: ...}

Templates are Jinja2 in a sandbox with StrictUndefined; names unknown to a template are refused
at load. Slot values are data, never templates, and reach a URL percent-encoded and a body
JSON-encoded. (Read dict keys that clash with dict methods as `response["items"]`.)

The API; all of it pure, the caller keeps the state (slots, the slot asked, a pending
confirmation) between turns::

    book = load_flows(settings.flows_dir, os.environ)      # FlowError (a ConfigError): "file:line: ..."
    flow = book.for_intent("logistics")                    # Flow | None
    result = flow.fill(slots, nlu_slots, text, asked=awaiting, lang="zh")
    if result.prompt:                                      # something to ask or to correct
        say(result.prompt); awaiting = result.next_missing; slots = result.slots
    elif question := flow.confirmation(result.slots, lang):  # ask yes/no, then next turn:
        ...  flow.read_confirmation(text) -> True | False | None;  flow.cancelled(lang) on False
    else:
        outcome = await flow.run(result.slots, http_client, lang)   # never raises for the system
        say(outcome.reply)            # outcome.status: ok|not_found|rejected|down|timeout|bad_response
        if outcome.failed: offer_a_person()
"""

from kefu.dialog.flows.flow import FAILURES, ActionOutcome, FillResult, Flow, FlowBook, Status
from kefu.dialog.flows.loader import FlowError, load_flows

__all__ = [
    "FAILURES",
    "ActionOutcome",
    "FillResult",
    "Flow",
    "FlowBook",
    "FlowError",
    "Status",
    "load_flows",
]
