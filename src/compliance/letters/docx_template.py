"""Build the DOCX letter template (``templates/notice/letter.docx``) with python-docx.

The document holds docxtpl's Jinja2 tags; fonts are the office ones, the Chinese face named
through ``w:eastAsia`` (python-docx's ``font.name`` sets only the Latin faces), so Word and WPS
on office PCs use their 仿宋_GB2312 / 黑体 / 楷体_GB2312 / 方正小标宋简体. Layout after GB/T 9704-2012
(函): A4, margins 37/35/28/26 mm (text block 156 × 225 mm), body 三号 仿宋 with two-character
indent, red sender name and red double lines, 份号 left and 发文字号 right, page numbers
"— 2 —" from page 2 (none on page 1).

Run ``python -m compliance.letters.docx_template [PATH]`` to rebuild the shipped file.
"""

from __future__ import annotations

import sys
from pathlib import Path

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XBS = "方正小标宋简体"
LATIN = "Times New Roman"
RED = "FF0000"


def build_template(path: Path) -> Path:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(20)
    _ = WD_SECTION

    def set_font(run_or_style, face: str, size: float, *, bold: bool = False, color: str | None = None) -> None:
        font = run_or_style.font
        font.name = LATIN
        font.size = Pt(size)
        font.bold = bold
        if color:
            font.color.rgb = RGBColor.from_string(color)
        el = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
        rpr = el.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), LATIN)
        rfonts.set(qn("w:eastAsia"), face)
        rfonts.set(qn("w:hint"), "eastAsia")

    normal = doc.styles["Normal"]
    set_font(normal, FANGSONG, 16)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing = Pt(28.9)  # 22 lines in 225 mm

    def para(text: str = "", *, face: str = FANGSONG, size: float = 16, bold: bool = False, color: str | None = None,
             align=None, indent: bool = False, right_indent_chars: float = 0, keep: bool = False):
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        if right_indent_chars:
            p.paragraph_format.right_indent = Pt(size * right_indent_chars)
        if keep:
            p.paragraph_format.keep_with_next = True
        if text:
            set_font(p.add_run(text), face, size, bold=bold, color=color)
        return p

    def run(p, text: str, face: str = FANGSONG, size: float = 16, bold: bool = False):
        r = p.add_run(text)
        set_font(r, face, size, bold=bold)
        return r

    def border(p, side: str, val: str, sz: int, color: str = RED, space: int = 1) -> None:
        ppr = p._p.get_or_add_pPr()
        bdr = ppr.find(qn("w:pBdr"))
        if bdr is None:
            bdr = OxmlElement("w:pBdr")
            ppr.append(bdr)
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), val)
        b.set(qn("w:sz"), str(sz))
        b.set(qn("w:space"), str(space))
        b.set(qn("w:color"), color)
        bdr.append(b)

    def fixed_widths(table, widths) -> None:
        """Column widths in the table grid (w:gridCol, read by LibreOffice and WPS) and a fixed
        layout, not only in each cell (w:tcW, read by Word): else the columns come out equal."""
        table.autofit = False
        for col, w in zip(table.columns, widths):
            col.width = w
        tbl_pr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)

    def _loop_table(doc, widths, heads, body, body_height=None):
        """A table of one row per violation: the header row (黑体, centred), docxtpl's
        ``{%tr for v in violations %}`` row, the row repeated (``body``: per column its text and
        whether it is centred), the ``{%tr endfor %}`` row."""
        table = doc.add_table(rows=4, cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        fixed_widths(table, widths)
        if body_height is not None:
            table.rows[2].height = body_height
        for i, row in enumerate(table.rows):
            for j, cell in enumerate(row.cells):
                cell.width = widths[j]
                p = cell.paragraphs[0]
                p.paragraph_format.first_line_indent = Pt(0)
                p.paragraph_format.line_spacing = Pt(18)
                if i == 0:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run(p, heads[j], HEITI, 12)
                elif i == 1 and j == 0:
                    run(p, "{%tr for v in violations %}", FANGSONG, 12)
                elif i == 2 and body[j][0]:
                    if body[j][1]:
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run(p, body[j][0], FANGSONG, 12)
                elif i == 3 and j == 0:
                    run(p, "{%tr endfor %}", FANGSONG, 12)
        return table

    # -- the 函 head: red sender name, red double line (thick over thin), 份号 / 发文字号
    head = para("{{ sender }}", face=XBS, size=26, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
    head.paragraph_format.left_indent = Mm(-7)
    head.paragraph_format.right_indent = Mm(-7)
    border(head, "bottom", "thickThinSmallGap", 24, space=4)
    num = para()
    num.paragraph_format.space_before = Pt(8)
    num.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    run(num, "{{ copy_number }}\t{{ doc_number }}")
    para()

    # -- title, 主送机关
    para("{{ title }}", face=XBS, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    para()
    para("{{ addressee }}：")

    # -- 正文
    para("根据《{{ contract_title }}》{% if contract_number %}（合同编号：{{ contract_number }}）{% endif %}的约定，"
         "{{ we }}对你方{{ period_checked }}的合同履行情况进行了检查。经核查，你方存在以下{{ violation_count }}项违反合同约定的情形，"
         "现函告如下：", indent=True)
    para("一、违约事实", face=HEITI, indent=True, keep=True)

    table = _loop_table(doc, [Mm(13), Mm(49), Mm(24), Mm(38), Mm(32)],
                        ["序号", "违约事实", "发现日期", "违反条款", "整改要求"],
                        [("{{ v.seq }}", True), ("{{ v.fact }}", False), ("{{ v.found_on }}", True),
                         ("{{ v.clause }}：“{{ v.quote }}”", False), ("{{ v.requirement }}", False)])
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    hdr = OxmlElement("w:tblHeader")
    tr_pr.append(hdr)

    para("二、整改要求及期限", face=HEITI, indent=True, keep=True)
    para("请你方对上述问题逐项整改，于{{ deadline }}前（含当日）整改完毕"
         "（{{ rectification_basis }}）。", indent=True)
    para("注：{{ deadline_note }}", size=12, indent=True)
    para("三、违约责任", face=HEITI, indent=True, keep=True)
    para("{{ consequence }}", indent=True)
    para("四、整改回复", face=HEITI, indent=True, keep=True)
    para("请于{{ reply_by }}前将整改情况书面回复{{ we }}（按附件《整改情况回复表》逐项填写），"
         "并附整改措施落实情况的证明材料（记录、截图、报告等）。", indent=True)
    para("特此函告。", indent=True)
    para()

    # -- 附件说明: "附件：1.整改情况回复表"
    p = para(indent=True)
    run(p, "附件：{% for a in attachments %}{{ loop.index }}.{{ a }}{% if not loop.last %}　{% endif %}{% endfor %}")
    para()
    para()
    para()

    # -- 署名 and 成文日期: date with four characters of space on its right, 署名 centred over it
    sig = para("{{ signature }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=2)
    sig.paragraph_format.keep_with_next = True
    para("{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=4)
    para()
    para("{%p if contact %}")
    para("（{{ contact }}）", indent=True)
    para("{%p endif %}")

    # -- the attachment: 整改情况回复表, on a page of its own
    p = para()
    p.add_run().add_break(WD_BREAK.PAGE)
    para("附件", face=HEITI)
    para()
    para("整改情况回复表", face=XBS, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    para()
    p = para()
    run(p, "回复单位（盖章）：{{ addressee }}", size=14)
    p = para()
    run(p, "对应文号：{{ doc_number }}　　　　回复日期：　　年　　月　　日", size=14)
    _loop_table(doc, [Mm(13), Mm(49), Mm(40), Mm(24), Mm(30)], ["序号", "违约事项", "整改措施", "完成日期", "证明材料"],
                [("{{ v.seq }}", True), ("{{ v.summary }}", False), ("", False), ("", False), ("", False)],
                body_height=Mm(22))
    para()

    # -- 版记: 抄送 between two lines at the foot of the last page
    para("{%p if cc %}")
    cc = para()
    border(cc, "top", "single", 8, color="000000")
    border(cc, "bottom", "single", 8, color="000000")
    cc.paragraph_format.left_indent = Pt(14)
    cc.paragraph_format.right_indent = Pt(14)
    run(cc, "抄送：{{ cc }}。", size=14)
    para("{%p endif %}")

    # -- page numbers from page 2 ("— 2 —", 四号 半角 宋体 style); page 1 carries the bottom red line
    sec.different_first_page_header_footer = True
    first = sec.first_page_footer.paragraphs[0]
    border(first, "top", "thinThickSmallGap", 24, space=1)
    first.paragraph_format.left_indent = Mm(-7)
    first.paragraph_format.right_indent = Mm(-7)
    foot = sec.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(foot, "— ", "宋体", 14)
    r = foot.add_run()
    set_font(r, "宋体", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._r.append(fc)
        else:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            r._r.append(it)
    run(foot, " —", "宋体", 14)

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "templates" / "notice" / "letter.docx"
    print(build_template(target))
