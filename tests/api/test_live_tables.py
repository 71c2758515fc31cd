"""A question whose answer is one row of a table in a DOCX, XLSX or PDF is answered with that
row's value and cites the file: the real model, over HTTP."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer
from tests.knowledge import files

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("make", "name", "question", "value"),
    [
        (files.make_docx_with_merged_table, "fees.docx", "华东地区2公斤以上的运费是多少？", "18"),
        (files.make_xlsx_with_merged_cells, "rates.xlsx", "华南地区2公斤以内运费多少钱？", "12"),
        (
            files.make_pdf_with_table,
            "fees.pdf",
            "What is the fee for parcels over 2 kg in the East region?",
            "18",
        ),
    ],
)
def test_a_table_row_answers_and_the_file_is_cited(
    live: LiveServer, tmp_path: Path, make: object, name: str, question: str, value: str
) -> None:
    kb = f"tables-{uuid.uuid4().hex[:6]}"
    assert httpx.post(f"{live.url}/v1/kb", json={"name": kb}).status_code == 201
    path = make(tmp_path / name)  # type: ignore[operator]
    upload = httpx.post(
        f"{live.url}/v1/kb/{kb}/documents", files=[("files", (name, path.read_bytes()))], timeout=120
    )
    assert upload.status_code == 200, upload.text
    conversation = httpx.post(f"{live.url}/v1/conversations", json={"kb": kb}).json()["id"]
    turn = httpx.post(
        f"{live.url}/v1/conversations/{conversation}/messages", json={"text": question}, timeout=180
    ).json()
    assert turn["route"] == "rag", turn
    assert turn["citations"][0]["source"] == name
    assert value in turn["reply"], turn["reply"]
