"""Loading flow files: every mistake is named with its file and line, `${ENV}` is resolved once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flow_samples import DEMO_FLOWS, MINIMAL

from kefu.dialog.flows import FlowError, load_flows
from kefu.errors import ConfigError


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def load_error(folder: Path, env: dict[str, str] | None = None) -> FlowError:
    with pytest.raises(FlowError) as caught:
        load_flows(folder, env or {})
    error = caught.value
    assert "\n" not in error.message
    assert error.message.startswith(f"{error.path}:{error.line}: ")
    return error


def test_the_demo_flows_load_and_cover_their_intents() -> None:
    book = load_flows(DEMO_FLOWS, {})
    assert {flow.name for flow in book} == {"order_status", "logistics", "change_address", "return_refund"}
    assert book.intents == {"order_status", "logistics", "change_address", "return_refund"}
    logistics = book.for_intent("logistics")
    assert logistics is not None and logistics.name == "logistics" and logistics.slot_names == ["order_id"]
    assert book.for_intent("chitchat") is None and book.for_intent(None) is None
    assert logistics.url.source == "http://127.0.0.1:8100/orders/{{ order_id }}/logistics"  # the default
    assert "change_address" in book and len(book) == 4


def test_a_missing_folder_means_no_flows(tmp_path: Path) -> None:
    assert len(load_flows(tmp_path / "nowhere", {})) == 0


def test_a_yaml_syntax_error_names_file_and_line(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace("intents: [order_status]", "intents: [order_status")
    error = load_error(write_flow(text, "broken"))
    assert error.path.name == "broken.yml"
    assert "YAML syntax error" in error.message
    assert error.line in (line_of(text, "intents:"), line_of(text, "slots:"))


def test_an_unknown_key_names_its_own_line(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace("action:\n", "action:\n  retry: 3\n")
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "retry: 3")
    assert "unknown key 'retry' in action" in error.message


def test_a_wrong_type_names_the_value_line(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace("action:\n", "action:\n  timeout_s: fast\n")
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "timeout_s: fast")
    assert "action.timeout_s" in error.message and "'fast'" in error.message


def test_a_missing_prompt_names_the_slot(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace("    prompt: {zh: 订单号是多少？, en: 'Order number?'}\n", "")
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "- name: order_id")
    assert "missing key 'prompt' in slots[0]" in error.message


def test_a_prompt_in_one_language_only_is_refused(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace("{zh: 订单号是多少？, en: 'Order number?'}", "{zh: 订单号是多少？}")
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "prompt:") and "missing key 'en'" in error.message


def test_unknown_intents_validators_and_bad_regexes_are_refused(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace("[order_status]", "[Order-Status]")  # not an intent id
    assert "intents" in load_error(write_flow(text)).message
    text = MINIMAL.replace("kind: regex", "kind: regexp")
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "validator:") and "regexp" in error.message
    text = MINIMAL.replace(r"'^XH\d{12}$'", "'^XH(\\d{12}$'")
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "validator:") and "bad regex" in error.message


def test_unknown_template_variables_are_found_at_load(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace("'状态：{{ response.status }}'", "'订单 {{ orderid }}：{{ response.status }}'")
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "reply:")
    assert "reply.zh: unknown template variable orderid" in error.message
    url = MINIMAL.replace("/orders/{{ order_id }}", "/orders/{{ response.id }}")
    assert "action.url: unknown template variable response" in load_error(write_flow(url)).message
    syntax = MINIMAL.replace("'状态：{{ response.status }}'", "'状态：{{ response.status '")
    assert "template error" in load_error(write_flow(syntax)).message


def test_a_prompt_may_only_use_slots_asked_before_it(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace(
        "{zh: 订单号是多少？, en: 'Order number?'}", "{zh: '{{ order_id }} 是多少？', en: x}"
    )
    assert "unknown template variable order_id" in load_error(write_flow(text)).message


def test_duplicate_keys_names_and_intents_are_refused(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace("action:\n", "action:\n  method: GET\n  method: POST\n")
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "method: POST") and "'method' appears twice" in error.message

    folder = write_flow(MINIMAL, "a")
    write_flow(MINIMAL.replace("intents: [order_status]", "intents: [logistics]"), "b")
    error = load_error(folder)
    assert error.path.name == "b.yml" and "already defined in" in error.message and "a.yml" in error.message

    write_flow(MINIMAL.replace("name: lookup", "name: other_lookup"), "b")
    error = load_error(folder)
    assert error.line == line_of(MINIMAL, "intents:")
    assert "intent 'order_status' already starts flow 'lookup'" in error.message


def test_empty_and_non_mapping_files_are_refused(write_flow: Callable[..., Path]) -> None:
    assert "empty" in load_error(write_flow("")).message
    assert "must be a mapping" in load_error(write_flow("- name: x\n")).message


def test_env_references_are_resolved_once_at_load(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace(
        "action:\n", "action:\n  headers: {Authorization: 'Bearer ${TOKEN}', X-Literal: 'cost $${5}'}\n"
    ).replace("'状态：{{ response.status }}'", "'状态 ${TOKEN}'")
    env = {"TOKEN": "s3cret", "API": "http://orders.internal:9000"}
    flow = load_flows(write_flow(text), env).get("lookup")
    assert flow is not None
    assert flow.spec.action.headers == {"Authorization": "Bearer s3cret", "X-Literal": "cost ${5}"}
    assert flow.url.source == "http://orders.internal:9000/orders/{{ order_id }}"
    assert flow.spec.reply.zh == "状态 ${TOKEN}"  # only the action section is substituted
    assert "s3cret" not in repr(flow.spec.action)
    env["TOKEN"] = "changed"
    assert flow.spec.action.headers["Authorization"] == "Bearer s3cret"

    defaulted = load_flows(write_flow(text), {"TOKEN": "t", "API": ""}).get("lookup")
    assert defaulted is not None and defaulted.url.source.startswith("http://127.0.0.1:1/")

    error = load_error(write_flow(text), {})
    assert error.line == line_of(text, "Authorization") and "TOKEN is not set" in error.message


def test_a_header_whose_secrets_are_all_empty_is_left_out() -> None:
    without = load_flows(DEMO_FLOWS, {}).get("logistics")
    assert without is not None and without.spec.action.headers == {}
    with_token = load_flows(DEMO_FLOWS, {"ORDER_API_TOKEN": "t0ken"}).get("logistics")
    assert with_token is not None and with_token.spec.action.headers == {"Authorization": "Bearer t0ken"}


def test_flow_error_is_a_config_error(write_flow: Callable[..., Path]) -> None:
    with pytest.raises(ConfigError) as caught:
        load_flows(write_flow("name: [\n"), {})
    assert caught.value.code == "invalid_flow" and "flow.yml:" in caught.value.message_for("zh")


def test_a_yaml_boolean_where_text_belongs_gets_a_hint(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL.replace(
        "invalid: {zh: 订单号不对, en: Not an order number}", "invalid: {zh: 订单号不对, en: No}"
    )
    error = load_error(write_flow(text))
    assert error.line == line_of(text, "invalid:")
    assert "slots[0].invalid.en" in error.message and "quote it" in error.message


def test_confirmation_words_can_be_replaced(write_flow: Callable[..., Path]) -> None:
    text = MINIMAL + "confirm:\n  prompt: {zh: 确定？, en: 'Sure?'}\n  yes_words: [中]\n  no_words: [不中]\n"
    flow = load_flows(write_flow(text), {}).get("lookup")
    assert flow is not None
    assert flow.read_confirmation("中！") is True and flow.read_confirmation("不中") is False
    assert flow.read_confirmation("好的") is None
