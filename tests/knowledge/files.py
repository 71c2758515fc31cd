"""Builders of knowledge-base files for tests: each writes a small real file and returns its path.

No CJK font is assumed on the machine, so PDFs hold English text only; Chinese content is
exercised through DOCX, XLSX, CSV, Markdown and HTML.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import openpyxl
from fpdf import FPDF

FAQ_HEADER_ZH = ["编号", "标准问题", "答案", "分类", "相似问法", "生效日期", "失效日期"]
FAQ_ROWS_ZH = [
    [
        "faq-1",
        "支持七天无理由退货吗？",
        "支持，签收后7天内可申请。",
        "售后",
        "能退货吗|可以退吗",
        "2024-01-01",
        "",
    ],
    ["faq-2", "包邮吗？", "订单满99元包邮。", "物流", "", "", "2030-12-31"],
    ["faq-3", "没有答案的问题", "", "", "", "", ""],
]


def make_pdf_with_table(path: Path) -> Path:
    """Page 1: a paragraph, a ruled table (with a row-spanning and a column-spanning cell), a
    paragraph; page 2: one more paragraph."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Shipping fees depend on the region and the parcel weight.")
    pdf.ln(4)
    with pdf.table(col_widths=(40, 40, 40)) as table:
        table.row(["Region", "Weight", "Fee"])
        row = table.row()
        row.cell("East", rowspan=2)
        row.cell("Up to 2 kg")
        row.cell("10 CNY")
        table.row(["Over 2 kg", "18 CNY"])
        row = table.row()
        row.cell("Remote areas", colspan=2)
        row.cell("30 CNY")
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Orders over 99 CNY ship free of charge.")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Returns are accepted within seven days of delivery.")
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose page has only drawings, as a scanned page has only an image: no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path) -> Path:
    """A PDF that needs a password to open."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.cell(text="Secret price list.")
    pdf.output(str(path))
    return path


def make_broken_pdf(path: Path) -> Path:
    """A file that starts like a PDF but is truncated garbage."""
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n\x00\xff\xfe garbage")
    return path


def make_docx_with_merged_table(path: Path) -> Path:
    """Headings, a paragraph, a bulleted list and a table with one horizontal and one vertical merge."""
    document = docx.Document()
    document.add_heading("退换货政策", level=1)
    document.add_paragraph("本政策适用于所有线上订单。")
    document.add_heading("运费", level=2)
    document.add_paragraph("以下为各地区运费：")
    table = document.add_table(rows=4, cols=3)
    for r, values in enumerate(
        [
            ["地区", "重量", "运费"],
            ["华东", "2公斤以内", "10元"],
            ["", "2公斤以上", "18元"],
            ["偏远地区", "", "30元"],
        ]
    ):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))  # 华东 spans two rows
    table.cell(3, 0).merge(table.cell(3, 1))  # 偏远地区 spans two columns
    document.add_paragraph("退货须知：", style="Normal")
    document.add_paragraph("商品未拆封", style="List Bullet")
    document.add_paragraph("附件齐全", style="List Bullet")
    document.add_paragraph("结语。")
    document.save(str(path))
    return path


def make_xlsx_with_merged_cells(path: Path) -> Path:
    """A document workbook (no question/answer header): a fee table whose region cells are merged
    down, with an empty row and an empty column to drop, a second sheet and a hidden one."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "运费表"
    rows = [
        ["地区", None, "重量", "运费"],
        ["华东", None, "2公斤以内", "10元"],
        [None, None, "2公斤以上", "18元"],
        [None, None, None, None],
        ["华南", None, "2公斤以内", "12元"],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A2:A3")
    other = workbook.create_sheet("营业时间")
    other.append(["门店", "时间"])
    other.append(["上海店", "9:00-21:00"])
    hidden = workbook.create_sheet("内部数据")
    hidden.append(["不应读取"])
    hidden.sheet_state = "hidden"
    workbook.save(str(path))
    return path


def make_faq_xlsx(path: Path) -> Path:
    """A FAQ workbook with Chinese headers (with stray spaces) and a real date cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([" 问题 ", "回答", "ID", "生效日期"])
    sheet.append(["发票怎么开？", "在订单页申请电子发票。", 1001, None])
    sheet.append(["几点发货？", "16:00前下单当天发货。", 1002, "2024-03-01"])
    workbook.save(str(path))
    return path


def make_gbk_faq_csv(path: Path) -> Path:
    """A FAQ CSV saved by a Chinese-locale Excel: GBK, Chinese headers."""
    lines = [FAQ_HEADER_ZH, *FAQ_ROWS_ZH]
    with path.open("w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(lines)
    return path


def make_faq_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def make_faq_jsonl(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    return path
