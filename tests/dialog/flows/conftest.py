"""Flow fixtures: the repository's demo flows, a folder to write broken flows into, and the
demo order system running as a real child process."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flow_samples import DEMO_FLOWS
from tests.examples.order_system_server import OrderSystem, start_order_system

from kefu.dialog.flows import FlowBook, load_flows


@pytest.fixture(scope="session")
def order_system() -> Iterator[OrderSystem]:
    system = start_order_system()
    yield system
    system.stop()


@pytest.fixture
def shop(order_system: OrderSystem) -> Iterator[OrderSystem]:
    """The running order system, healthy at the start and the end of each test."""
    order_system.faults("none")
    yield order_system
    order_system.faults("none")


@pytest.fixture
def book(shop: OrderSystem) -> FlowBook:
    """The demo flows, pointed at the running order system."""
    return load_flows(DEMO_FLOWS, {"KEFU_ORDER_API": shop.url})


@pytest.fixture
def write_flow(tmp_path: Path) -> Callable[..., Path]:
    """Write `text` (dedented) as `<name>.yml` into an empty flows folder; returns the folder."""
    folder = tmp_path / "flows"
    folder.mkdir()

    def write(text: str, name: str = "flow") -> Path:
        (folder / f"{name}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return write
