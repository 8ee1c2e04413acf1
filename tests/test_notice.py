"""`compliance notice`: rectification-notice letters from saved findings (issue 12).

Expected dates are counted by hand on the 2026 State Council calendar (国办发明电〔2025〕7号):
国庆节、中秋节 2026-10-01..10-07 off, 补班 on Sunday 2026-09-20 and Saturday 2026-10-10.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli import main
from compliance.letters import render as render_mod
from compliance.letters.model import zh_text
from compliance.letters.render import md_unescape

from conftest import ROOT, SAMPLES, sample_cli_args, sample_spec

SAMPLE_IDS = sorted(p.name.removesuffix(".expected.json") for p in SAMPLES.glob("*.expected.json"))
HOSTILE = "A&B云公司</w:t>{{ 7*7 }}<script>alert(1)</script>"


def run(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture(scope="session")
def findings(tmp_path_factory) -> dict[str, Path]:
    """Every sample checked as tests/conftest.py's sample_spec says, saved as findings JSON."""
    folder = tmp_path_factory.mktemp("findings")
    out = {}
    for sid in SAMPLE_IDS:
        spec = sample_spec(SAMPLES / f"{sid}.expected.json")
        target = folder / f"{sid}.json"
        r = run(["check", *sample_cli_args(spec), "--format", "json", "-o", str(target)])
        assert r.exit_code == 1, r.output  # the samples carry planted violations
        out[sid] = target
    return out


def settings_file(tmp_path: Path, **extra) -> Path:
    body = {
        "sender": "鹤壁市行政审批和政务信息管理局",
        "number_pattern": "鹤审函〔{year}〕{n}号",
        "next_number": 18,
        "contact": {"name": "张明", "phone": "0392-3310000"},
        "cc": ["鹤壁市财政局"],
        **extra,
    }
    p = tmp_path / "settings.yaml"
    p.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return p


def docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed (scripts/setup-pdf.sh installs it)")


def notice(findings_json: Path, out: Path, settings: Path | None, *extra: str, formats: str = "docx,pdf,html,md"):
    args = ["notice", str(findings_json), "--format", formats, "-o", str(out), *extra]
    if settings is not None:
        args += ["--settings", str(settings)]
    return run(args)


def written(out: Path, ext: str) -> list[Path]:
    return sorted(out.glob(f"*.{ext}"))


# --------------------------------------------------------------------------------------------


SAMPLE_SETTINGS = SAMPLES / "notice-settings.yaml"
TEST_2027 = ROOT / "tests" / "data" / "calendar"  # a TEST FIXTURE 2027: the 2026-12-31 samples' deadlines run into 2027
NO_PERIOD = {"hebi-jd", "luohe", "anyang"}  # their contracts set no rectification period (read in the contract texts)


def _spec(sid: str) -> dict:
    return sample_spec(SAMPLES / f"{sid}.expected.json")


def test_which_contracts_set_no_rectification_period():
    from compliance.rulesets import load_ruleset

    none = {sid for sid in SAMPLE_IDS if load_ruleset(_spec(sid)["ruleset"]).contract.rectification is None}
    assert none == NO_PERIOD


@pytest.mark.parametrize("sid", sorted(NO_PERIOD))
def test_no_rectification_period_and_no_setting_is_an_error_naming_the_setting(sid, findings, tmp_path):
    r = notice(findings[sid], tmp_path / "out", settings_file(tmp_path), "--date", _spec(sid)["as_of"],
               "--calendar-dir", str(TEST_2027), formats="md")
    assert r.exit_code == 2, r.output
    assert "rectification_working_days" in r.stderr and sid in r.stderr and "contract.rectification" in r.stderr
    assert not (tmp_path / "out").exists() or not written(tmp_path / "out", "md")


@pytest.mark.parametrize("sid", SAMPLE_IDS)
def test_letters_for_every_sample_in_all_formats_with_the_sample_settings(sid, findings, tmp_path):
    """samples/notice-settings.yaml renders every contract's sample findings, dated on the sample's
    as-of day, in all four formats: the period is the contract's own where it sets one, else the
    settings' 10 working days; the 违约责任 paragraph quotes the contract's consequence clause."""
    import docx
    import yaml

    from compliance.rulesets import load_ruleset, normalise_text

    spec = _spec(sid)
    rs = load_ruleset(spec["ruleset"])
    settings = yaml.safe_load(SAMPLE_SETTINGS.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    r = notice(findings[sid], out, SAMPLE_SETTINGS, "--date", spec["as_of"], "--calendar-dir", str(TEST_2027))
    assert r.exit_code == 0, r.output
    files = {ext: written(out, ext) for ext in ("docx", "pdf", "html", "md")}
    assert all(len(v) == 1 for v in files.values()), files  # one letter per contract and vendor
    assert files["pdf"][0].read_bytes().startswith(b"%PDF-")
    d = docx.Document(str(files["docx"][0]))  # opens
    n_rows = len(d.tables[0].rows) - 1
    assert n_rows >= 1 and len(d.tables[1].rows) - 1 == n_rows  # the reply form: a row per violation
    md = md_unescape(files["md"][0].read_text(encoding="utf-8"))
    html = files["html"][0].read_text(encoding="utf-8")
    assert settings["number_pattern"].split("〔")[0] in html
    if sid in NO_PERIOD:
        assert f"我局规定的整改期限为{settings['rectification_working_days']}个工作日" in md
    else:
        assert f"约定{rs.contract.rectification.working_days}个工作日" in md
    cq = rs.contract.consequence
    assert cq is not None and normalise_text(cq.quote) in normalise_text(rs.contract_text)
    assert cq.quote.rstrip("。") in md.split("三、违约责任")[1].split("四、整改回复")[0]
    assert "今后严格做到" not in md and "约定约定" not in md and "规定约定" not in md


def test_consequence_cites_the_contracts_own_clause(findings, tmp_path):
    # 鹤壁数据备份 六.1: "对甲方认为不合理的部分有权下达整改通知书 … 甲方有权利终止本合同，并要求乙方承担由此造成的损失"
    out = tmp_path / "out"
    r = notice(findings["hebi-backup"], out, settings_file(tmp_path), "--date", "2026-09-30", formats="md")
    assert r.exit_code == 0, r.output
    md = written(out, "md")[0].read_text(encoding="utf-8")
    part = md.split("三、违约责任")[1].split("四、整改回复")[0]
    assert "第六条第1款“对甲方认为不合理的部分有权下达整改通知书" in part
    assert "甲方有权利终止本合同，并要求乙方承担由此造成的损失”的约定" in part


def test_the_buyers_own_payments_are_left_out(findings, tmp_path):
    # 漯河 2.2.1/7.4: 甲方 pays the first instalment in June 2024; PAY-2024-H1 was paid late — 甲方's own breach
    out = tmp_path / "out"
    s = settings_file(tmp_path, rectification_working_days=10)
    r = notice(findings["luohe"], out, s, "--date", "2025-12-31", formats="md")
    assert r.exit_code == 0, r.output
    assert "left out luohe/LH-PAY-H1/PAY-2024-H1: fail，但属甲方的付款义务" in r.stderr
    md = md_unescape(written(out, "md")[0].read_text(encoding="utf-8"))
    assert "PAY-2024-H1" not in md
    assert "PAY-2025-H2" in md  # 乙方's late invoice (2.2.1) stays: 乙方's duty


@needs_poppler
def test_pdf_embeds_cjk_fonts_and_no_dejavu(findings, tmp_path):
    out = tmp_path / "out"
    r = notice(findings["hebi-backup"], out, settings_file(tmp_path), "--date", "2026-09-30", formats="pdf")
    assert r.exit_code == 0, r.output
    pdf = written(out, "pdf")[0]
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines, "no fonts in the PDF"
    names = [ln.split()[0] for ln in lines]
    # every embedded face a CJK one: Fandol (the 仿宋/黑体/楷体/宋体 stand-ins) or Noto CJK SC
    assert all(re.search(r"\+(Fandol|Noto-(Serif|Sans)-CJK)", n) for n in names), names
    assert not any("DejaVu" in n for n in names), names
    if render_mod.fandol_files():  # texlive-lang-chinese installed: the body is set in FandolFang (仿宋)
        assert any("FandolFang" in n for n in names) and any("FandolHei" in n for n in names), names
    for ln in lines:  # every font embedded (emb = yes)
        assert " yes " in ln, ln
    text = pdf_text(pdf)
    assert "整改情况回复表" in text and "鹤审函〔2026〕18号" in text


def test_docx_holds_each_violation_its_quote_and_the_deadline(findings, tmp_path):
    from compliance.render.jsonfmt import load
    from compliance.rulesets import load_ruleset

    out = tmp_path / "out"
    s = settings_file(tmp_path)
    r = notice(findings["hebi-backup"], out, s, "--date", "2026-09-30", formats="docx")
    assert r.exit_code == 0, r.output
    text = docx_text(written(out, "docx")[0])
    report = load(findings["hebi-backup"].read_bytes())
    rs = load_ruleset(ROOT / "rulesets" / "hebi-backup")
    fails = [f for f in report.findings if f.status == "fail" and f.basis in ("contract", "user")]
    assert fails
    for f in fails:
        if "（甲）" in f.message:  # late under both readings: one date, see the test below
            assert all(e in text for e in f.event_ids), f.key
        else:
            assert zh_text(f.message) in text, f.key
        assert rs.obligation(f.obligation).quote.strip() in text, f.key
    assert "2026年8月5日10时58分" in text  # FLT-20260805-01: the measured times …
    assert "超出期限28分钟" in text  # … and the figure
    assert "于2026年10月13日前" in text
    assert "鹤审函〔2026〕18号" in text and "000001" in text
    assert "中移系统集成有限公司：" in text
    assert "2026年9月30日" in text  # 成文日期
    assert "抄送：鹤壁市财政局。" in text


def test_deadline_hebi_backup_five_working_days(findings, tmp_path):
    # 2026-09-30 not counted; 10-01..10-07 off; 10-08 (1), 10-09 (2), 10-10 补班 (3), 10-11 Sunday off,
    # 10-12 (4), 10-13 (5) -> 2026-10-13
    out = tmp_path / "out"
    r = notice(findings["hebi-backup"], out, settings_file(tmp_path), "--date", "2026-09-30", formats="html")
    assert r.exit_code == 0, r.output
    html = written(out, "html")[0].read_text(encoding="utf-8")
    assert "于2026年10月13日前（含当日）整改完毕" in html
    assert "合同第五条约定5个工作日" in html
    assert "起算日2026年9月30日不计入" in html
    assert "跳过2026年10月1日至10月7日（国庆节" in html and "计入补班2026年10月10日（周六）" in html
    assert "第5个工作日为2026年10月13日（周二）" in html


def test_deadline_jiaozuo_fifteen_working_days(findings, tmp_path):
    # 2026-09-30 not counted; 10-08 (1) 10-09 (2) 10-10 补班 (3) 10-12..16 (4..8) 10-19..23 (9..13)
    # 10-26 (14) 10-27 (15) -> 2026-10-27
    out = tmp_path / "out"
    r = notice(findings["jiaozuo"], out, settings_file(tmp_path), "--date", "2026-09-30", formats="html")
    assert r.exit_code == 0, r.output
    html = written(out, "html")[0].read_text(encoding="utf-8")
    assert "于2026年10月27日前（含当日）整改完毕" in html
    assert "合同第四条第2款约定15个工作日" in html  # 四、甲方的权利和义务 … 2、…15个工作日内予以补正和改进


def test_year_without_holiday_data_is_an_error(findings, tmp_path):
    r = notice(findings["hebi-backup"], tmp_path / "out", settings_file(tmp_path), "--date", "2027-03-01", formats="md")
    assert r.exit_code == 2
    assert "2027" in r.stderr


def test_left_out_is_listed_with_the_reason(findings, tmp_path):
    out = tmp_path / "out"
    r = notice(findings["jiaozuo"], out, settings_file(tmp_path), "--date", "2026-09-30", formats="md")
    assert r.exit_code == 0, r.output
    err = r.stderr
    assert "left out jiaozuo/JZ-CONTACT-CHANGE/RY-2026-04: ambiguous" in err  # no ruling
    assert "left out jiaozuo/JZ-DELETE-REPORT/SC-2026-006: fail，但依据本规则的默认参数" in err
    assert re.search(r"left out jiaozuo/\S+: pending", err)
    assert re.search(r"left out jiaozuo/\S+: unknown", err)
    md = written(out, "md")[0].read_text(encoding="utf-8")
    assert "SC\\-2026\\-006" not in md and "SC-2026-006" not in md
    assert "RY-2026-04" not in md


def test_rulings_and_confirmed_defaults(findings, tmp_path):
    key = "jiaozuo/JZ-CONTACT-CHANGE/RY-2026-04"
    s = settings_file(tmp_path, confirmed_defaults=["JZ-DELETE-REPORT"],
                      rulings={key: {"reading": "a", "by": "张明", "on": "2026-12-01"},
                               "jiaozuo/JZ-UPGRADE-APPLY/CHG-2026-015": {"reading": "b", "by": "李华", "on": "2026-12-02"}})
    out = tmp_path / "out"
    r = notice(findings["jiaozuo"], out, s, "--date", "2026-09-30", formats="html")
    assert r.exit_code == 0, r.output
    html = written(out, "html")[0].read_text(encoding="utf-8")
    assert "RY-2026-04" in html and "经张明于2026年12月1日认定，本条款适用读法（甲），按该读法构成违约" in html
    assert "需人工认定" not in html
    assert "SC-2026-006" in html and "经甲方确认" in html  # the confirmed default
    assert "CHG-2026-015" not in html  # reading (b) is met
    assert "left out jiaozuo/JZ-UPGRADE-APPLY/CHG-2026-015: ambiguous：按李华认定的读法（乙）为符合约定" in r.stderr


def test_ruling_on_in_yaml_is_a_date(findings, tmp_path):
    # YAML 1.1 reads a bare `on:` key as true: the settings take it back as the ruling's date
    p = tmp_path / "s.yaml"
    p.write_text("number_pattern: 鹤审函〔{year}〕{n}号\nrulings:\n"
                 "  hebi-backup/HBB-NOTICE-7WD/MNT-2026-006: {reading: a, by: 张明, on: 2026-12-01}\n", encoding="utf-8")
    r = notice(findings["hebi-backup"], tmp_path / "out", p, "--date", "2026-09-30", formats="md")
    assert r.exit_code == 0, r.output
    md = md_unescape(written(tmp_path / "out", "md")[0].read_text(encoding="utf-8"))
    assert "MNT-2026-006" in md and "经张明于2026年12月1日认定" in md


def test_nothing_to_send_writes_no_letter(findings, tmp_path):
    doc = json.loads(findings["hebi-backup"].read_text(encoding="utf-8"))
    doc["findings"] = [f for f in doc["findings"] if f["status"] != "fail"]
    src = tmp_path / "f.json"
    src.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    out = tmp_path / "out"
    r = notice(src, out, settings_file(tmp_path), "--date", "2026-09-30")
    assert r.exit_code == 0, r.output
    assert "nothing to send" in r.stderr
    assert not out.exists() or not any(out.iterdir())


def _hostile_findings(src: Path, tmp_path: Path) -> Path:
    doc = json.loads(src.read_text(encoding="utf-8"))
    doc["parties"]["vendor"] = HOSTILE
    doc["contract_number"] = "NO.<b>1</b>&2"
    f = next(f for f in doc["findings"] if f["status"] == "fail" and f["basis"] == "contract")
    f["event_ids"] = [HOSTILE]
    f["message"] = f"记录 {HOSTILE} 的说明：{HOSTILE}"
    p = tmp_path / "hostile.json"
    p.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return p


def test_hostile_text_comes_through_literally_in_every_format(findings, tmp_path):
    import html as htmllib

    src = _hostile_findings(findings["hebi-backup"], tmp_path)
    out = tmp_path / "out"
    r = notice(src, out, settings_file(tmp_path), "--date", "2026-09-30")
    assert r.exit_code == 0, r.output
    # DOCX: opens, and the text is literal (docxtpl's default would give "A" and a broken document)
    text = docx_text(written(out, "docx")[0])
    assert text.count(HOSTILE) >= 3 and "NO.<b>1</b>&2" in text
    assert "49" not in text.replace("2049", "")  # {{ 7*7 }} was not evaluated
    # HTML: escaped in the source, literal when shown
    h = written(out, "html")[0].read_text(encoding="utf-8")
    assert "<script>" not in h and "</w:t>" not in h
    assert htmllib.escape(HOSTILE, quote=False) in h or htmllib.escape(HOSTILE) in h
    assert HOSTILE in htmllib.unescape(re.sub(r"<[^>]+>", "", h))
    # Markdown: the characters Markdown reads are escaped, shown literally
    md = written(out, "md")[0].read_text(encoding="utf-8")
    assert "<script>" not in md
    assert HOSTILE in md_unescape(md)
    # PDF: the text as printed
    if shutil.which("pdftotext"):
        t = re.sub(r"\s+", "", pdf_text(written(out, "pdf")[0]))
        for part in ("A&B云公司", "</w:t>", "{{7*7}}", "<script>alert(1)</script>"):
            assert part in t, part


def test_number_never_repeats_across_runs(findings, tmp_path):
    out = tmp_path / "out"
    s = settings_file(tmp_path)
    seen = []
    for _ in range(2):
        r = notice(findings["hebi-backup"], out, s, "--date", "2026-09-30", formats="md")
        assert r.exit_code == 0, r.output
        seen.append(re.search(r"鹤审函〔2026〕(\d+)号", r.stderr).group(1))
    assert seen == ["18", "19"]
    # the settings' next number going back does not reuse a number
    s2 = settings_file(tmp_path, next_number=1)
    r = notice(findings["hebi-backup"], out, s2, "--date", "2026-09-30", formats="md")
    assert "鹤审函〔2026〕20号" in r.stderr


def test_number_never_repeats_with_two_runs_at_once(findings, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    s = settings_file(tmp_path)
    cmd = [sys.executable, "-m", "compliance", "notice", str(findings["hebi-backup"]), "--settings", str(s),
           "--date", "2026-09-30", "--format", "html,md", "-o", str(out)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    numbers = []
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        numbers += re.findall(r"鹤审函〔2026〕(\d+)号", err)
    assert sorted(numbers) == ["18", "19", "20"]
    import sqlite3

    db = sqlite3.connect(out / "notice-numbers.sqlite3")
    assert sorted(n for (n,) in db.execute("SELECT n FROM issued")) == [18, 19, 20]
    assert len(written(out, "md")) == 3


def test_user_template_runs_sandboxed_and_strict(findings, tmp_path):
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "letter.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    r = notice(findings["hebi-backup"], tmp_path / "o1", settings_file(tmp_path), "--date", "2026-09-30",
               "--template", str(tdir), formats="md")
    assert r.exit_code == 2 and "SecurityError" in r.stderr
    (tdir / "letter.md.j2").write_text("于{{ no_such_deadline }}前整改完毕", encoding="utf-8")
    r = notice(findings["hebi-backup"], tmp_path / "o2", settings_file(tmp_path), "--date", "2026-09-30",
               "--template", str(tdir), formats="md")
    assert r.exit_code == 2 and "UndefinedError" in r.stderr
    # a user's HTML template named .html.j2 is escaped all the same
    (tdir / "letter.html.j2").write_text("<p>{{ addressee }}</p>", encoding="utf-8")
    src = _hostile_findings(findings["hebi-backup"], tmp_path)
    r = notice(src, tmp_path / "o3", settings_file(tmp_path), "--date", "2026-09-30", "--template", str(tdir),
               formats="html")
    assert r.exit_code == 0, r.output
    assert written(tmp_path / "o3", "html")[0].read_text(encoding="utf-8") == \
        "<p>A&amp;B云公司&lt;/w:t&gt;{{ 7*7 }}&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_missing_cjk_font_is_an_error_naming_the_package(findings, tmp_path):
    """A real fontconfig that knows no font (FONTCONFIG_FILE: a configuration without font
    folders), in a child process: the PDF letter is refused naming fonts-noto-cjk, never printed
    with boxes; no 文号 is taken."""
    import os

    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                    f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    out = tmp_path / "out"
    p = subprocess.run([sys.executable, "-m", "compliance", "notice", str(findings["hebi-backup"]), "--settings",
                        str(settings_file(tmp_path)), "--date", "2026-09-30", "--format", "pdf", "-o", str(out)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 2, p.stderr
    assert "fonts-noto-cjk" in p.stderr and "fc-list :lang=zh lists nothing" in p.stderr
    assert not out.exists() or not written(out, "pdf")


def test_ruleset_not_found_is_said(findings, tmp_path):
    doc = json.loads(findings["hebi-backup"].read_text(encoding="utf-8"))
    doc["contract"] = "no-such-contract"
    src = tmp_path / "f.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = notice(src, tmp_path / "out", settings_file(tmp_path), "--date", "2026-09-30", formats="md")
    assert r.exit_code == 2
    assert "ruleset of contract 'no-such-contract' was not found" in r.stderr and "--ruleset" in r.stderr


def test_a_letter_dated_before_the_check_and_a_new_number_sequence_are_said(findings, tmp_path):
    """The sample findings are as of 2026-12-31: a letter dated 2026-09-30 would cite violations
    found after its own date, and a fresh letters folder starts its own 文号 sequence — both said."""
    out = tmp_path / "out"
    r = notice(findings["hebi-backup"], out, settings_file(tmp_path), "--date", "2026-09-30", formats="md")
    assert r.exit_code == 0, r.output
    assert "before the check's as-of (2026-12-31)" in r.stderr
    assert "a new 文号 sequence was started" in r.stderr
    r = notice(findings["hebi-backup"], out, settings_file(tmp_path), "--date", "2026-09-30", formats="md")
    assert "a new 文号 sequence was started" not in r.stderr  # the same folder: the same sequence


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdffonts") is None,
                    reason="LibreOffice (libreoffice-writer-nogui) or poppler-utils not installed")
def test_docx_lays_out_in_libreoffice_with_the_office_font_aliases(findings, tmp_path):
    """The DOCX opened by another office suite than python-docx: LibreOffice prints it to PDF
    (scripts/docx-to-pdf.sh) with templates/notice/office-fonts.conf mapping 仿宋_GB2312 / 黑体 /
    方正小标宋简体 to installed CJK faces — never a Japanese face or DejaVu for the Chinese text."""
    out = tmp_path / "out"
    r = notice(findings["luohe"], out, settings_file(tmp_path, rectification_working_days=10), "--date", "2025-12-31",
               formats="docx")
    assert r.exit_code == 0, r.output
    p = subprocess.run(["bash", str(ROOT / "scripts" / "docx-to-pdf.sh"), str(tmp_path / "pdf"), str(written(out, "docx")[0])],
                       capture_output=True, text=True, timeout=180)
    assert p.returncode == 0, p.stderr
    pdf = next((tmp_path / "pdf").glob("*.pdf"))
    names = [ln.split()[0] for ln in subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                                                     check=True).stdout.splitlines()[2:]]
    cjk = [n for n in names if re.search(r"Fandol|CJK", n)]
    assert cjk and not any(re.search(r"CJKjp|CJKkr|DejaVu", n) for n in names), names
    text = pdf_text(pdf)
    assert "鹤壁市行政审批和政务信息管理局" in text and "整改情况回复表" in text  # the settings' sender


def _md_rows(md: str) -> list[list[str]]:
    """The violations table of a Markdown letter, row by row (序号, 违约事实, 发现日期, 违反条款, 整改要求)."""
    table = md_unescape(md).split("一、违约事实")[1].split("二、整改要求及期限")[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.splitlines()]
    return [r for r in rows if len(r) == 5 and r[0].isdigit()]


def _hebi_backup_rows(findings, tmp_path) -> list[list[str]]:
    """The violations table of the hebi-backup sample's Markdown letter dated 2026-12-31."""
    out = tmp_path / "out"
    r = notice(findings["hebi-backup"], out, settings_file(tmp_path), "--date", "2026-12-31",
               "--calendar-dir", str(TEST_2027), formats="md")
    assert r.exit_code == 0, r.output
    return _md_rows(written(out, "md")[0].read_text(encoding="utf-8"))


def test_late_report_and_report_with_errors_ask_for_different_things(findings, tmp_path):
    # samples/README.md: RPT-OPS-202610 due 11-05, handed in 11-06 09:10 (late, no errors found);
    # RPT-OPS-202607 handed in on time with 2 errors (附件2 运行报告: 内容要完整、不缺项、无错误)
    rows = _hebi_backup_rows(findings, tmp_path)
    late = [r for r in rows if r[1].startswith("2026年10月度运行报告应于2026年11月5日24时前提交")]  # 2026-10 → 2026年10月
    wrong = [r for r in rows if "RPT-OPS-202607" in r[1]]
    assert len(late) == 1 and len(wrong) == 1, rows
    assert "按时提交" in late[0][4] and "错误" not in late[0][4]
    assert "更正" in wrong[0][4] and "错误" in wrong[0][4]


def test_found_on_is_the_day_the_breach_became_a_fact(findings, tmp_path):
    # samples/README.md: REQ-2026-008 received Fri 09-18, replied Wed 09-23 (due 09-22 24:00): the late
    # reply is the breach, not the receipt; MNT-2026-009 had no notice at all, latest (乙) 11-12: from 11-13
    rows = _hebi_backup_rows(findings, tmp_path)
    by_id = {rid: row for row in rows for rid in ("REQ-2026-008", "MNT-2026-009", "FLT-20260805-01") if rid in row[1]}
    assert by_id["REQ-2026-008"][2] == "2026年9月23日"
    assert by_id["MNT-2026-009"][2] == "2026年11月13日"
    assert by_id["FLT-20260805-01"][2] == "2026年8月5日"


def test_the_same_letter_gives_the_same_bytes_in_every_format(findings, tmp_path):
    # two runs into two folders: the same 文号 (each folder its own sequence), the same files
    outs = []
    for name in ("a", "b"):
        if outs:
            time.sleep(2.1)  # zip entry times have a 2-second resolution: a clock read would show
        out = tmp_path / name
        r = notice(findings["luohe"], out, settings_file(tmp_path, rectification_working_days=10), "--date", "2025-12-31")
        assert r.exit_code == 0, r.output
        outs.append(out)
    for ext in ("docx", "pdf", "html", "md"):
        (a,), (b,) = written(outs[0], ext), written(outs[1], ext)
        assert a.name == b.name and a.read_bytes() == b.read_bytes(), ext


def test_a_notice_late_under_both_readings_cites_the_later_deadline(findings, tmp_path):
    # samples/README.md: MNT-2026-009, work Sat 11-21 01:00, no notice; latest notice (甲) 11-11, (乙) 11-12:
    # missed under both, the letter holds 乙方 to the later day
    row = next(r for r in _hebi_backup_rows(findings, tmp_path) if "MNT-2026-009" in r[1])
    assert "应最迟于2026年11月12日24时书面通知甲方" in row[1] and "（甲）" not in row[1], row


def test_coded_values_are_named_in_chinese(findings, tmp_path):
    # samples/anyang: DRL-20231109-01 is a drill of drill_type fire (消防培训及演练), no photos
    out = tmp_path / "out"
    r = notice(findings["anyang"], out, settings_file(tmp_path, rectification_working_days=10), "--date", "2024-06-27",
               formats="md")
    assert r.exit_code == 0, r.output
    row = next(r for r in _md_rows(written(out, "md")[0].read_text(encoding="utf-8")) if "DRL-20231109-01" in r[1])
    assert "fire" not in row[1] and "消防" in row[1], row


# --------------------------------------------------------------------------------------------
# A user trial of the letters as a bureau official reads them (each case worked out by hand)


def _check_as_of(sid: str, as_of: str, tmp_path: Path) -> Path:
    spec = sample_spec(SAMPLES / f"{sid}.expected.json")
    spec["as_of"] = as_of
    target = tmp_path / f"{sid}-{as_of}.json"
    r = run(["check", *sample_cli_args(spec), "--format", "json", "-o", str(target)])
    assert r.exit_code == 1, r.output
    return target


def test_found_on_is_never_after_the_check_that_found_it(tmp_path):
    # samples/README.md: CC-2026-002, contact changed Mon 11-23, 5日 -> Sat 11-28 -> rest day -> Mon 11-30;
    # notified 12-02. Checked as of 11-30 (24:00), the letter dated 11-30 (the Monday run) cannot say the
    # breach was found on 12-01: it was found by the check of 11-30
    src = _check_as_of("hebi-backup", "2026-11-30", tmp_path)
    out = tmp_path / "out"
    r = notice(src, out, settings_file(tmp_path), "--date", "2026-11-30", formats="md")
    assert r.exit_code == 0, r.output
    md = written(out, "md")[0].read_text(encoding="utf-8")
    row = next(r for r in _md_rows(md) if "CC-2026-002" in r[1])
    assert row[2] == "2026年11月30日", row
    # the day after a deadline that passed before the check's day stays (MNT-2026-009: latest 11-12 -> 11-13)
    row = next(r for r in _md_rows(md) if "MNT-2026-009" in r[1])
    assert row[2] == "2026年11月13日", row


def test_an_invoice_late_under_both_readings_cites_the_node(findings, tmp_path):
    # samples/jiaozuo/README.md: YS-2026-003, node Tue 12-01, invoice Thu 12-03: after the node, late under
    # both readings of 节点前10个工作日内 — the letter gives one date, not "（窗口）…／（提前）…"
    out = tmp_path / "out"
    r = notice(findings["jiaozuo"], out, settings_file(tmp_path), "--date", "2026-12-31",
               "--calendar-dir", str(TEST_2027), formats="md")
    assert r.exit_code == 0, r.output
    row = next(r for r in _md_rows(written(out, "md")[0].read_text(encoding="utf-8")) if "YS-2026-003" in r[1])
    assert "应不晚于2026年12月1日开具发票" in row[1], row
    assert "（窗口）" not in row[1] and "（提前）" not in row[1] and "／" not in row[1], row


def test_a_rulings_note_is_part_of_the_sentence(findings, tmp_path):
    key = "hebi-backup/HBB-NOTICE-7WD/MNT-2026-006"
    s = settings_file(tmp_path, rulings={key: {"reading": "a", "by": "张明", "on": "2026-12-01",
                                               "note": "经双方确认，通知当日不计入。"}})
    out = tmp_path / "out"
    r = notice(findings["hebi-backup"], out, s, "--date", "2026-12-31", "--calendar-dir", str(TEST_2027), formats="md")
    assert r.exit_code == 0, r.output
    row = next(r for r in _md_rows(written(out, "md")[0].read_text(encoding="utf-8")) if "MNT-2026-006" in r[1])
    assert row[1].endswith("经张明于2026年12月1日认定，本条款适用读法（甲），按该读法构成违约（认定理由：经双方确认，通知当日不计入）。"), row


def test_the_contract_title_is_one_title_and_a_provisional_deadline_is_said_to_the_user_only(findings, tmp_path):
    # jiaozuo: the title is printed 焦作市政务云服务采购项目 合同 (a line break in the contract's text).
    # Dated Mon 2026-12-07, 15 working days (四.2): 12-08..11 = 4, 12-14..18 = 9, 12-21..25 = 14, Mon 12-28 = 15,
    # in the last 7 days of 2026, the newest loaded year: a 2027 notice may make 12-26/27 补班 days
    out = tmp_path / "out"
    r = notice(findings["jiaozuo"], out, settings_file(tmp_path), "--date", "2026-12-07", formats="md")
    assert r.exit_code == 0, r.output
    md = md_unescape(written(out, "md")[0].read_text(encoding="utf-8"))
    assert "《焦作市政务云服务采购项目合同》" in md and "项目 合同" not in md
    assert "于2026年12月28日前（含当日）整改完毕" in md
    assert "暂定" not in md and "已载入" not in md
    assert "2026-12-28" in r.stderr and "2027" in r.stderr


def test_clauses_cited_inside_a_fact_are_written_as_the_letter_cites_clauses(findings, tmp_path):
    # jiaozuo TD-202609: 专门团队5人, short of 六.2's "6人以上专门的团队" (the contract's 第六条, its 2nd
    # paragraph); FLT-20261107-01 not reported, 五.7 "应及时告知使用单位" (第五条第7款) — a letter cites them
    # as its 违反条款 column does, 第六条第2款, not by the bare numbers 六.2
    out = tmp_path / "out"
    r = notice(findings["jiaozuo"], out, settings_file(tmp_path), "--date", "2026-12-31",
               "--calendar-dir", str(TEST_2027), formats="md")
    assert r.exit_code == 0, r.output
    rows = {rid: row for row in _md_rows(written(out, "md")[0].read_text(encoding="utf-8"))
            for rid in ("TD-202609", "FLT-20261107-01") if rid in row[1]}
    assert "不符合第六条第2款“6人以上专门的团队（1人驻场服务）”" in rows["TD-202609"][1], rows
    assert "不符合第五条第7款“应及时告知使用单位”" in rows["FLT-20261107-01"][1], rows
    # luohe BG-2025-003 (3.2.5) and a figure in parentheses stays a figure
    from compliance.letters.model import _cited_clauses
    assert _cited_clauses("停止服务时间不计入服务期限（3.2.5）。") == "停止服务时间不计入服务期限（合同第3.2.5条）。"
    assert _cited_clauses("可用性（99.86）") == "可用性（99.86）"


def test_a_ruling_on_an_invoice_window_goes_into_the_letter(findings, tmp_path):
    # samples/jiaozuo/README.md: YS-2026-001, node Fri 08-07, invoiced Mon 07-27; the 10th working day
    # before the node is Fri 07-24: within the window 07-24..08-07 (reading window: in time), not 10
    # working days ahead (reading lead: late). A ruling for lead makes it a violation the letter states
    # (the weekly run counted it, and the letter left it out as 尚无认定); one for window leaves it out
    for reading, expected in (("lead", True), ("window", False)):
        key = "jiaozuo/JZ-INVOICE/YS-2026-001"
        s = settings_file(tmp_path, rulings={key: {"reading": reading, "by": "张明", "on": "2026-12-01"}})
        out = tmp_path / reading
        r = notice(findings["jiaozuo"], out, s, "--date", "2026-12-31", "--calendar-dir", str(TEST_2027), formats="md")
        assert r.exit_code == 0, r.output
        rows = [row for row in _md_rows(written(out, "md")[0].read_text(encoding="utf-8")) if "YS-2026-001" in row[1]]
        if expected:
            assert len(rows) == 1 and "经张明于2026年12月1日认定，本条款适用读法（提前：发票应不晚于2026年7月24日开具），" \
                "按该读法构成违约。" in rows[0][1], rows
            assert rows[0][2] == "2026年7月27日" and "需人工认定" not in rows[0][1]
        else:
            assert rows == [] and f"left out {key}: ambiguous：按张明认定的读法（窗口）为符合约定" in r.stderr, r.stderr


def test_the_html_preview_on_a_screen_is_one_page_wide_without_the_page_foot_line(findings, tmp_path):
    # letters.md: the red foot line lies 20 mm above a printed page's bottom; on a screen there is no page
    # bottom, and the absolutely placed line crossed the table of violations (looked at in Chromium)
    import tinycss2

    out = tmp_path / "out"
    r = notice(findings["luohe"], out, settings_file(tmp_path, rectification_working_days=10), "--date", "2025-12-31",
               formats="html")
    assert r.exit_code == 0, r.output
    h = written(out, "html")[0].read_text(encoding="utf-8")
    css = h.split("<style>")[1].split("</style>")[0]
    screen = [rule for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
              if rule.type == "at-rule" and rule.lower_at_keyword == "media" and tinycss2.serialize(rule.prelude).strip() == "screen"]
    assert screen, "no @media screen block"
    body = tinycss2.serialize(screen[0].content)
    assert re.search(r"\.rule-bottom\s*\{\s*display:\s*none", body) and re.search(r"body\s*\{[^}]*width:\s*156mm", body), body


def test_every_problem_of_the_options_at_once(findings, tmp_path):
    # a misspelt format, an impossible date (there is no 13th month), a settings file that is not
    # there and an output folder whose parent is missing: one error naming all four, exit 2, nothing written
    r = notice(findings["luohe"], tmp_path / "missing" / "out", tmp_path / "nope.yaml", "--date", "2025-13-31",
               formats="docx,pfd")
    assert r.exit_code == 2
    for part in ("--format pfd", "--date 2025-13-31", "nope.yaml", str(tmp_path / "missing")):
        assert part in r.stderr, (part, r.stderr)
    assert "4 problems" in r.stderr and not (tmp_path / "missing").exists()


def test_a_months_spot_check_is_found_in_that_month_not_on_an_invented_day(findings, tmp_path):
    # samples/anyang/README.md: AY-SPOT-CHECK SC-202404, April 2024's spot check did not match the
    # report; the record holds the month checked (spot_check.month) and no day: the letter's 发现日期
    # is 2024年4月, not 2024年4月1日 (the month's first day, which no record gives)
    out = tmp_path / "out"
    r = notice(findings["anyang"], out, settings_file(tmp_path, rectification_working_days=10), "--date", "2024-06-27",
               formats="md")
    assert r.exit_code == 0, r.output
    [md] = written(out, "md")
    [row] = [row for row in _md_rows(md.read_text(encoding="utf-8")) if "SC-202404" in row[1]]
    assert row[2] == "2024年4月"


def test_the_period_checked_ends_with_the_term(tmp_path):
    # luohe's term is 2023-01-01 .. 2025-12-31 (samples/luohe); checked as of 2026-01-14, two weeks
    # after it ended, the letter says the term was checked — not "至2026年1月14日", beyond the contract
    src = _check_as_of("luohe", "2026-01-14", tmp_path)
    out = tmp_path / "out"
    r = notice(src, out, SAMPLE_SETTINGS, "--date", "2026-01-14", formats="md")
    assert r.exit_code == 0, r.output
    md = written(out, "md")[0].read_text(encoding="utf-8")
    assert "对你方2023年1月1日至2025年12月31日的合同履行情况进行了检查" in md
