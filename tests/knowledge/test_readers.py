from __future__ import annotations

import datetime
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.style import WD_STYLE_TYPE

from kefu.knowledge.readers import SUPPORTED_SUFFIXES, Block, FaqRow, ReadError, read_file
from tests.knowledge.files import (
    FAQ_HEADER_ZH,
    FAQ_ROWS_ZH,
    make_broken_pdf,
    make_docx_with_merged_table,
    make_encrypted_pdf,
    make_faq_csv,
    make_faq_jsonl,
    make_faq_xlsx,
    make_gbk_faq_csv,
    make_pdf_with_table,
    make_scanned_pdf,
    make_xlsx_with_merged_cells,
)


def read_error(path: Path, name: str | None = None) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_file(path, name)
    return caught.value


# FAQ files


def test_gbk_csv_with_chinese_headers_reads_every_field(tmp_path: Path) -> None:
    parsed = read_file(make_gbk_faq_csv(tmp_path / "faq.csv"))
    assert parsed.blocks == []
    assert parsed.faqs == [  # the row without an answer is skipped
        FaqRow(
            question="支持七天无理由退货吗？",
            answer="支持，签收后7天内可申请。",
            id="faq-1",
            category="售后",
            similar_questions=("能退货吗", "可以退吗"),
            effective_from=datetime.date(2024, 1, 1),
        ),
        FaqRow("包邮吗？", "订单满99元包邮。", "faq-2", "物流", effective_to=datetime.date(2030, 12, 31)),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_decode_exactly(tmp_path: Path, encoding: str) -> None:
    # Even-length UTF-8 Chinese also decodes as (wrong) GB18030; UTF-8 must win.
    rows = [["question", "answer"], ["会员积分怎么用？", "每100积分抵扣1元，结算页勾选即可。"]]
    [faq] = read_file(make_faq_csv(tmp_path / "faq.csv", rows, encoding)).faqs
    assert (faq.question, faq.answer) == ("会员积分怎么用？", "每100积分抵扣1元，结算页勾选即可。")


def test_english_headers_are_case_and_space_insensitive(tmp_path: Path) -> None:
    rows = [
        [" Question ", "ANSWER", "Similar Questions", "Effective-To"],
        ["Free shipping?", "Over 99 CNY.", "Ship free? | ", "2030/1/5"],
    ]
    [faq] = read_file(make_faq_csv(tmp_path / "faq.csv", rows)).faqs
    assert faq == FaqRow(
        "Free shipping?",
        "Over 99 CNY.",
        similar_questions=("Ship free?",),
        effective_to=datetime.date(2030, 1, 5),
    )


def test_tab_separated_csv(tmp_path: Path) -> None:
    (tmp_path / "faq.csv").write_text("问题\t答案\n能开发票吗\t能，在订单页申请。\n", encoding="utf-8")
    assert read_file(tmp_path / "faq.csv").faqs == [FaqRow("能开发票吗", "能，在订单页申请。")]


def test_csv_without_question_column_names_the_columns_found(tmp_path: Path) -> None:
    error = read_error(make_faq_csv(tmp_path / "faq.csv", [["a", "b"], ["1", "2"]]))
    assert str(error) == "faq.csv: no 'question' column (columns found: a, b)"
    assert error.message_zh.startswith("faq.csv：") and "question" in error.message_zh


def test_csv_without_answer_column(tmp_path: Path) -> None:
    error = read_error(make_faq_csv(tmp_path / "faq.csv", [["问题", "备注"], ["x", "y"]]))
    assert str(error) == "faq.csv: no 'answer' column (columns found: 问题, 备注)"


def test_all_rows_unusable_is_an_error(tmp_path: Path) -> None:
    rows = [["question", "answer"], ["only a question", ""], ["", "only an answer"]]
    assert "no FAQ row has both a question and an answer" in str(
        read_error(make_faq_csv(tmp_path / "f.csv", rows))
    )


def test_duplicate_id_names_the_id_and_rows(tmp_path: Path) -> None:
    rows = [["id", "question", "answer"], ["faq-7", "q1", "a1"], ["faq-8", "q2", "a2"], ["faq-7", "q3", "a3"]]
    assert (
        str(read_error(make_faq_csv(tmp_path / "faq.csv", rows)))
        == "faq.csv: duplicate id 'faq-7' (row 2 and row 4)"
    )


def test_bad_date_names_row_and_value(tmp_path: Path) -> None:
    rows = [["question", "answer", "生效日期"], ["q1", "a1", "2024-01-01"], ["q2", "a2", "2024-13-01"]]
    error = read_error(make_faq_csv(tmp_path / "faq.csv", rows))
    assert str(error) == "faq.csv: row 3: invalid effective_from date '2024-13-01' (expected YYYY-MM-DD)"
    assert "第 3 行" in error.message_zh and "2024-13-01" in error.message_zh


def test_validity_window_must_not_be_reversed(tmp_path: Path) -> None:
    rows = [["question", "answer", "effective_from", "effective_to"], ["q", "a", "2025-02-01", "2025-01-01"]]
    assert "row 2: effective_from 2025-02-01 is after effective_to 2025-01-01" in str(
        read_error(make_faq_csv(tmp_path / "faq.csv", rows))
    )


@pytest.mark.parametrize("wrapped", [False, True])
def test_json_list_or_faqs_object(tmp_path: Path, wrapped: bool) -> None:
    items = [{"id": 12, "问题": "能退吗", "答案": "能。", "similar_questions": ["可以退吗", "退得了吗"]}]
    data = {"faqs": items} if wrapped else items
    (tmp_path / "faq.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert read_file(tmp_path / "faq.json").faqs == [
        FaqRow("能退吗", "能。", "12", similar_questions=("可以退吗", "退得了吗"))
    ]


def test_invalid_json_gives_the_position(tmp_path: Path) -> None:
    (tmp_path / "faq.json").write_text(
        '[\n{"question": "q", "answer": "a"},\n{"question": }\n]', encoding="utf-8"
    )
    assert "faq.json: invalid JSON at line 3, column 14" in str(read_error(tmp_path / "faq.json"))


def test_json_of_the_wrong_shape(tmp_path: Path) -> None:
    (tmp_path / "faq.json").write_text('{"questions": []}', encoding="utf-8")
    assert "expected a list of FAQ objects" in str(read_error(tmp_path / "faq.json"))


def test_jsonl_reads_objects_and_skips_blank_lines(tmp_path: Path) -> None:
    path = make_faq_jsonl(tmp_path / "faq.jsonl", [{"question": "q1", "answer": "a1", "category": "售后"}])
    path.write_text(
        path.read_text(encoding="utf-8") + "\n" + '{"question": "q2", "answer": "a2"}\n', encoding="utf-8"
    )
    assert read_file(path).faqs == [FaqRow("q1", "a1", category="售后"), FaqRow("q2", "a2")]


def test_jsonl_bad_line_gives_its_number(tmp_path: Path) -> None:
    (tmp_path / "faq.jsonl").write_text(
        '{"question": "q", "answer": "a"}\n{"question": "q2", \n', encoding="utf-8"
    )
    assert str(read_error(tmp_path / "faq.jsonl")).startswith("faq.jsonl: invalid JSON on line 2:")


def test_jsonl_line_that_is_not_an_object(tmp_path: Path) -> None:
    (tmp_path / "faq.jsonl").write_text('{"question": "q", "answer": "a"}\n[1, 2]\n', encoding="utf-8")
    assert str(read_error(tmp_path / "faq.jsonl")) == "faq.jsonl: line 2 is not a JSON object"


def test_jsonl_without_question_key_lists_the_keys(tmp_path: Path) -> None:
    make_faq_jsonl(tmp_path / "faq.jsonl", [{"q": "x", "a": "y"}])
    assert str(read_error(tmp_path / "faq.jsonl")) == "faq.jsonl: no 'question' column (columns found: q, a)"


def test_xlsx_with_question_answer_header_is_faq(tmp_path: Path) -> None:
    parsed = read_file(make_faq_xlsx(tmp_path / "faq.xlsx"))
    assert parsed.blocks == []
    assert parsed.faqs == [
        FaqRow("发票怎么开？", "在订单页申请电子发票。", "1001"),
        FaqRow("几点发货？", "16:00前下单当天发货。", "1002", effective_from=datetime.date(2024, 3, 1)),
    ]


def test_xlsx_faq_errors_name_the_sheet_and_row(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "常见问题"
    for row in (FAQ_HEADER_ZH, FAQ_ROWS_ZH[0], FAQ_ROWS_ZH[0]):
        workbook.active.append(row)
    workbook.save(tmp_path / "faq.xlsx")
    assert (
        str(read_error(tmp_path / "faq.xlsx"))
        == "faq.xlsx: duplicate id 'faq-1' (sheet '常见问题' row 2 and sheet '常见问题' row 3)"
    )


# Documents


def test_xlsx_without_faq_header_is_a_table_per_sheet_with_merged_cells_repeated(tmp_path: Path) -> None:
    blocks = read_file(make_xlsx_with_merged_cells(tmp_path / "fees.xlsx")).blocks
    assert blocks == [
        Block("运费表", "heading", (), 1, 1),
        Block(
            "| 地区 | 重量 | 运费 |\n|---|---|---|\n"
            "| 华东 | 2公斤以内 | 10元 |\n| 华东 | 2公斤以上 | 18元 |\n| 华南 | 2公斤以内 | 12元 |",
            "table",
            ("运费表",),
            1,
        ),
        Block("营业时间", "heading", (), 2, 1),
        Block("| 门店 | 时间 |\n|---|---|\n| 上海店 | 9:00-21:00 |", "table", ("营业时间",), 2),
    ]
    # "华东 2公斤以上运费多少" is answered by one self-contained row.
    [row] = [line for line in blocks[1].text.splitlines() if "2公斤以上" in line]
    assert "华东" in row and "18元" in row


def test_docx_in_body_order_with_merged_table_cells(tmp_path: Path) -> None:
    blocks = read_file(make_docx_with_merged_table(tmp_path / "policy.docx")).blocks
    section = ("退换货政策", "运费")
    assert blocks == [
        Block("退换货政策", "heading", (), None, 1),
        Block("本政策适用于所有线上订单。", "paragraph", ("退换货政策",)),
        Block("运费", "heading", ("退换货政策",), None, 2),
        Block("以下为各地区运费：", "paragraph", section),
        Block(
            "| 地区 | 重量 | 运费 |\n|---|---|---|\n"
            "| 华东 | 2公斤以内 | 10元 |\n| 华东 | 2公斤以上 | 18元 |\n| 偏远地区 | 偏远地区 | 30元 |",
            "table",
            section,
        ),
        Block("退货须知：", "paragraph", section),
        Block("- 商品未拆封\n- 附件齐全", "list", section),
        Block("结语。", "paragraph", section),
    ]


def test_workbook_with_a_faq_sheet_and_a_document_sheet_gives_both(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["问题", "答案"])
    workbook.active.append(["几点营业？", "9点到21点。"])
    workbook.create_sheet("门店").append(["门店", "地址"])
    workbook["门店"].append(["上海店", "南京路1号"])
    workbook.save(tmp_path / "mixed.xlsx")
    parsed = read_file(tmp_path / "mixed.xlsx")
    assert parsed.faqs == [FaqRow("几点营业？", "9点到21点。")]
    assert [b.text for b in parsed.blocks] == ["门店", "| 门店 | 地址 |\n|---|---|\n| 上海店 | 南京路1号 |"]


def test_docx_chinese_heading_styles_and_title(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("会员手册", level=0)  # the Title style
    document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("积分", style="标题 2")
    document.add_paragraph("第一步", style="List Number")
    document.add_paragraph("第二步", style="List Number")
    document.save(str(tmp_path / "handbook.docx"))
    assert read_file(tmp_path / "handbook.docx").blocks == [
        Block("会员手册", "heading", (), None, 1),
        Block("积分", "heading", ("会员手册",), None, 2),
        Block("- 第一步\n- 第二步", "list", ("会员手册", "积分")),
    ]


def test_pdf_tables_become_markdown_and_are_not_repeated_as_text(tmp_path: Path) -> None:
    blocks = read_file(make_pdf_with_table(tmp_path / "fees.pdf")).blocks
    assert [(b.kind, b.page) for b in blocks] == [
        ("paragraph", 1),
        ("table", 1),
        ("paragraph", 1),
        ("paragraph", 2),
    ]
    assert blocks[0].text == "Shipping fees depend on the region and the parcel weight."
    assert blocks[1].text == (
        "| Region | Weight | Fee |\n|---|---|---|\n"
        "| East | Up to 2 kg | 10 CNY |\n| East | Over 2 kg | 18 CNY |\n| Remote areas | Remote areas | 30 CNY |"
    )
    assert blocks[2].text == "Orders over 99 CNY ship free of charge."
    assert blocks[3].text == "Returns are accepted within seven days of delivery."
    assert not any("CNY |" in b.text or "Up to 2 kg" in b.text for b in blocks if b.kind == "paragraph")


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    assert (
        str(read_error(make_scanned_pdf(tmp_path / "scan.pdf"))) == "scan.pdf: no text layer (scanned PDF?)"
    )


def test_broken_pdf(tmp_path: Path) -> None:
    error = read_error(make_broken_pdf(tmp_path / "broken.pdf"))
    assert str(error) == "broken.pdf: not a readable PDF"
    assert error.message_zh == "broken.pdf：不是可读取的 PDF 文件"


def test_password_protected_pdf(tmp_path: Path) -> None:
    assert (
        str(read_error(make_encrypted_pdf(tmp_path / "secret.pdf"))) == "secret.pdf: password-protected PDF"
    )


@pytest.mark.parametrize(
    ("suffix", "problem"),
    [(".docx", "not a readable Word document"), (".xlsx", "not a readable Excel workbook")],
)
def test_corrupt_office_files(tmp_path: Path, suffix: str, problem: str) -> None:
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    assert str(read_error(path)).startswith(f"bad{suffix}: {problem}")


def test_markdown_headings_lists_tables_and_code(tmp_path: Path) -> None:
    (tmp_path / "guide.md").write_text(
        "---\ntitle: 指南\n---\n# 退货\n签收后7天内可退。\n\n## 步骤\n- 申请\n- 寄回\n  - 保留单号\n\n"
        "| 地区 | 运费 |\n|---|---|\n| 华东 | 10元 |\n\n```\n# 不是标题\n```\n# 发票\n电子发票。\n",
        encoding="utf-8",
    )
    assert read_file(tmp_path / "guide.md").blocks == [
        Block("退货", "heading", (), None, 1),
        Block("签收后7天内可退。", "paragraph", ("退货",)),
        Block("步骤", "heading", ("退货",), None, 2),
        Block("- 申请\n- 寄回\n  - 保留单号", "list", ("退货", "步骤")),
        Block("| 地区 | 运费 |\n|---|---|\n| 华东 | 10元 |", "table", ("退货", "步骤")),
        Block("```\n# 不是标题\n```", "paragraph", ("退货", "步骤")),
        Block("发票", "heading", (), None, 1),
        Block("电子发票。", "paragraph", ("发票",)),
    ]


def test_text_paragraphs_in_gbk(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes("第一段，\n续行。\n\n  \n第二段。\r\n".encode("gbk"))
    assert read_file(tmp_path / "notes.txt").blocks == [
        Block("第一段，\n续行。", "paragraph"),
        Block("第二段。", "paragraph"),
    ]


def test_html_structure_without_chrome(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        "<html><head><title>售后说明</title><style>p{}</style></head><body>"
        "<nav>首页 | 菜单</nav><script>var x = '脚本';</script>"
        "<h2>退货</h2><div>签收后7天内\n可退。<br>运费<b>自理</b>。</div>"
        "<ul><li>申请<ul><li>填写原因</li></ul></li><li>寄回</li></ul>"
        "<table><tr><th>地区</th><th colspan='2'>运费</th></tr>"
        "<tr><td rowspan='2'>华东</td><td>小件</td><td>10元</td></tr><tr><td>大件</td><td>20元</td></tr></table>"
        "<footer>版权所有</footer></body></html>",
        encoding="utf-8",
    )
    section = ("售后说明", "退货")
    assert read_file(tmp_path / "page.html").blocks == [
        Block("售后说明", "heading", (), None, 1),  # from <title>: the page has no <h1>
        Block("退货", "heading", ("售后说明",), None, 2),
        Block("签收后7天内可退。\n运费自理。", "paragraph", section),
        Block("- 申请\n  - 填写原因\n- 寄回", "list", section),
        Block(
            "| 地区 | 运费 | 运费 |\n|---|---|---|\n| 华东 | 小件 | 10元 |\n| 华东 | 大件 | 20元 |",
            "table",
            section,
        ),
    ]


def test_html_declared_gbk_charset(tmp_path: Path) -> None:
    html = '<html><head><meta charset="gb2312"></head><body><h1>营业时间</h1><p>每天九点到晚上九点。</p></body></html>'
    (tmp_path / "hours.htm").write_bytes(html.encode("gbk"))
    assert [b.text for b in read_file(tmp_path / "hours.htm").blocks] == ["营业时间", "每天九点到晚上九点。"]


# Files that cannot be ingested


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_empty_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert str(read_error(path)) == f"empty{suffix}: empty: no text found"


@pytest.mark.parametrize(
    "name", ["blank.txt", "blank.md", "blank.html", "blank.jsonl", "blank.csv", "blank.json"]
)
def test_files_without_text(tmp_path: Path, name: str) -> None:
    content = {"blank.html": " \n<p> </p>\n", "blank.csv": ",,\n,,\n", "blank.json": "[]"}.get(
        name, " \n\n \n"
    )
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert "empty" in str(read_error(tmp_path / name))


def test_unsupported_type_lists_the_supported_ones(tmp_path: Path) -> None:
    (tmp_path / "setup.exe").write_bytes(b"MZ")
    error = read_error(tmp_path / "setup.exe")
    assert str(error) == (
        "setup.exe: unsupported file type '.exe' (supported: .csv, .docx, .htm, .html, .json, .jsonl, .markdown, .md, .pdf, .txt, .xlsx)"
    )
    assert "不支持的文件类型" in error.message_zh


def test_binary_text_file_is_undecodable(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "cannot decode the text" in str(read_error(tmp_path / "notes.txt"))


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_garbage_never_escapes_as_a_library_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(bytes(range(256)) * 4)
    message = str(read_error(path))
    assert message.startswith(f"junk{suffix}: ") and "\n" not in message


def test_name_is_used_in_messages(tmp_path: Path) -> None:
    path = make_faq_csv(tmp_path / "upload-1234.csv", [["a"], ["b"]])
    assert str(read_error(path, "售后FAQ.csv")).startswith("售后FAQ.csv: no 'question' column")


def test_missing_file(tmp_path: Path) -> None:
    assert str(read_error(tmp_path / "gone.md")).startswith("gone.md: cannot open the file")
