"""`compliance calendar import`: the State Council notice text -> ``{year}.yaml``.

The notice texts under tests/data/notices/ are the published texts (sources in
tests/data/notices/README.md). Importing each must reproduce the shipped year exactly; every
broken variant must be refused with a message naming the item.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.calendar_import import NoticeError, decode_notice, import_notice, parse_notice
from compliance.cli.calendar_cmd import calendar
from compliance.workdays import ENV_VAR, SHIPPED_DIR, Holiday, read_schedule

NOTICES = Path(__file__).parent / "data" / "notices"
YEARS = (2023, 2024, 2025, 2026)
# The Xinhua releases (2025, 2026) do not print the document number.
NUMBER_GIVEN = {2025: "国办发明电〔2024〕12号", 2026: "国办发明电〔2025〕7号"}


@pytest.fixture(autouse=True)
def _no_env_dirs(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def notice(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def shipped(year: int):
    sched, problems = read_schedule(SHIPPED_DIR / f"{year}.yaml")
    assert sched is not None, problems
    return sched


def body(yaml_text: str) -> str:
    """The data part of a year file (from `year:` on; the header comments are free text)."""
    return yaml_text[yaml_text.index("\nyear:") + 1 :]


def refused(text: str, **kw) -> list[str]:
    kw.setdefault("source", "test")
    with pytest.raises(NoticeError) as ei:
        import_notice(text, **kw)
    return ei.value.problems


def run(*args: str):
    return CliRunner().invoke(calendar, list(args))


# --------------------------------------------------------------------------------------------
# The four published notices give exactly the shipped years
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_published_notice_gives_the_shipped_year(year):
    ref = shipped(year)
    r = import_notice(notice(year), number=NUMBER_GIVEN.get(year), source=ref.source)
    s = r.schedule
    assert s.year == year
    assert s.holidays == ref.holidays  # same names, same ranges
    assert s.makeup_workdays == ref.makeup_workdays
    assert (s.title, s.number, s.issued_on, s.source) == (ref.title, ref.number, ref.issued_on, ref.source)
    # Same style too: the data part of the file is the shipped file's, character for character.
    assert body(r.text) == body((SHIPPED_DIR / f"{year}.yaml").read_text(encoding="utf-8"))


def test_number_and_date_read_from_the_text():
    n = parse_notice(notice(2023))
    assert n.title == "国务院办公厅关于2023年部分节假日安排的通知"
    assert n.number == "国办发明电〔2022〕16号"
    assert n.issued_on == date(2022, 12, 8)
    assert parse_notice(notice(2024)).number == "国办发明电〔2023〕7号"


def test_signing_date_without_number_in_xinhua_release():
    n = parse_notice(notice(2026))
    assert n.number is None
    assert n.issued_on == date(2025, 11, 4)


def test_previous_december_range_with_explicit_year():
    n = parse_notice(notice(2023))
    assert n.holidays[0] == Holiday("元旦", date(2022, 12, 31), date(2023, 1, 2))


def test_advice_sentence_is_not_a_day():
    # 2024: 鼓励各单位……安排职工在除夕（2月9日）休息 is advice; 2024-02-09 stays a working day.
    n = parse_notice(notice(2024))
    spring = next(it for it in n.items if it.name == "春节")
    assert spring.ignored and "除夕（2月9日）" in spring.ignored[0]
    assert all(date(2024, 2, 9) not in h for h in n.holidays)
    assert date(2024, 2, 9) not in n.makeup_workdays


def test_combined_and_single_day_and_cross_month_items():
    n = parse_notice(notice(2025))
    by_name = {h.name: h for h in n.holidays}
    assert by_name["国庆节、中秋节"] == Holiday("国庆节、中秋节", date(2025, 10, 1), date(2025, 10, 8))
    assert by_name["元旦"] == Holiday("元旦", date(2025, 1, 1), date(2025, 1, 1))  # 放假1天，不调休
    assert by_name["春节"] == Holiday("春节", date(2025, 1, 28), date(2025, 2, 4))  # 1月…至2月…
    assert by_name["端午节"] == Holiday("端午节", date(2025, 5, 31), date(2025, 6, 2))
    assert n.makeup_origin()[date(2025, 2, 8)] == "春节"  # two 上班 days in one sentence


def test_xingqi_and_zhou_are_the_same():
    zhou = notice(2026)
    xingqi = zhou.replace("（周", "（星期").replace("、周", "、星期")
    assert "星期" in xingqi and "（周" not in xingqi
    a, b = parse_notice(zhou), parse_notice(xingqi)
    assert (a.holidays, a.makeup_workdays) == (b.holidays, b.makeup_workdays)
    assert (a.weekday_style, b.weekday_style) == ("周", "星期")
    # ... and the file comments follow the notice's own style
    r = import_notice(xingqi, number=NUMBER_GIVEN[2026], source="x")
    assert "  - 2026-01-04  # 星期日 (元旦)" in r.text


def test_zhou_in_a_xingqi_notice_and_halfwidth_punctuation():
    text = notice(2023).replace("星期", "周")
    half = text.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",")
    ref = shipped(2023)
    for t in (text, half):
        n = parse_notice(t)
        assert (n.holidays, n.makeup_workdays) == (ref.holidays, ref.makeup_workdays)


def test_buxiu_and_lianxiu_variants():
    # Older notices: X放假，Y（星期一）补休 / X放假，与周末连休.
    text = notice(2026).replace(
        "三、清明节：4月4日（周六）至6日（周一）放假，共3天。", "三、清明节：4月4日（周六）放假，4月6日（星期一）补休。"
    ).replace("六、中秋节：9月25日（周五）至27日（周日）放假，共3天。", "六、中秋节：9月25日（周五）放假，与周末连休。")
    n = parse_notice(text, number="国办发明电〔2025〕7号")
    names = [h for h in n.holidays if h.name in ("清明节", "中秋节")]
    assert names == [
        Holiday("清明节", date(2026, 4, 4), date(2026, 4, 4)),
        Holiday("清明节", date(2026, 4, 6), date(2026, 4, 6)),  # not contiguous: its own range
        Holiday("中秋节", date(2026, 9, 25), date(2026, 9, 25)),
    ]
    contiguous = notice(2026).replace("4月4日（周六）至6日（周一）放假，共3天。", "4月4日（周六）至5日（周日）放假，4月6日（周一）补休，共3天。")
    qm = [h for h in parse_notice(contiguous).holidays if h.name == "清明节"]
    assert qm == [Holiday("清明节", date(2026, 4, 4), date(2026, 4, 6))]


def test_previous_december_workday_with_explicit_year():
    # 2019 style: 2018年12月29日（星期六）上班 belongs to the previous December.
    text = notice(2026).replace("1月4日（周日）上班。", "2025年12月27日（星期六）上班。")
    n = parse_notice(text)
    assert date(2025, 12, 27) in n.makeup_workdays
    r = import_notice(text, number="国办发明电〔2025〕7号", source="x")
    assert date(2025, 12, 27) in r.schedule.makeup_workdays


def test_encodings_utf8_bom_and_gb18030():
    text = notice(2024)
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("gb18030")):
        assert decode_notice(data) == text
    assert parse_notice(decode_notice(b"\xef\xbb\xbf" + text.encode("utf-8"))).year == 2024
    with pytest.raises(NoticeError, match="UTF-16"):
        decode_notice(text.encode("utf-16"))


# --------------------------------------------------------------------------------------------
# Refusals: each names the item and quotes its text
# --------------------------------------------------------------------------------------------


def one(problems: list[str], *needles: str) -> str:
    hits = [p for p in problems if all(n in p for n in needles)]
    assert len(hits) == 1, problems
    return hits[0]


def test_refuses_festival_without_dates():
    text = notice(2026).replace("三、清明节：4月4日（周六）至6日（周一）放假，共3天。", "三、清明节：放假，共3天。")
    p = one(refused(text, number="n"), "第三项（清明节）", "没有放假日期")
    assert "原文：三、清明节：放假，共3天。" in p


def test_refuses_date_not_in_the_year():
    text = notice(2026).replace("一、元旦：1月1日（周四）", "一、元旦：2027年1月1日（周五）")
    p = one(refused(text, number="n"), "第一项（元旦）", "2027-01-01", "不在2026年内")
    assert "原文：一、元旦：2027年1月1日（周五）至3日（周六）放假调休" in p
    # a December of two years before is not the previous December either
    text = notice(2026).replace("1月4日（周日）上班。", "2024年12月28日（周六）上班。")
    one(refused(text, number="n"), "第一项（元旦）", "2024-12-28", "不在2026年内")


def test_refuses_impossible_date():
    text = notice(2026).replace("2月28日（周六）上班", "2月30日（周六）上班")
    one(refused(text, number="n"), "第二项（春节）", "2月30日", "不是有效的日期")


def test_refuses_workday_not_on_a_weekend():
    text = notice(2026).replace("5月9日（周六）上班", "5月8日（周五）上班")
    p = one(refused(text, number="n"), "第四项（劳动节）", "2026-05-08", "周五", "周六或周日")
    assert "原文：四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月8日（周五）上班。" in p


def test_refuses_workday_not_on_a_weekend_without_weekday_note():
    text = notice(2024).replace("4月7日（星期日）上班", "4月8日上班")
    one(refused(text), "第三项（清明节）", "2024-04-08", "周一")


def test_refuses_wrong_day_count():
    text = notice(2026).replace("放假调休，共9天", "放假调休，共8天")
    p = one(refused(text, number="n"), "第二项（春节）", "共8天", "共9天")
    assert "“共8天”" in p and "原文：二、春节：" in p
    text = notice(2025).replace("1月1日（周三）放假1天", "1月1日（周三）放假2天")
    one(refused(text, number="n"), "第一项（元旦）", "放假2天")


def test_refuses_weekday_that_does_not_match():
    text = notice(2026).replace("10月1日（周四）至7日（周三）", "10月1日（周五）至7日（周三）")
    p = one(refused(text, number="n"), "第七项（国庆节）", "周五", "2026-10-01 是周四")
    assert "原文：七、国庆节：10月1日（周五）" in p
    text = notice(2023).replace("10月8日（星期日）", "10月8日（星期六）")
    one(refused(text), "第六项（中秋节、国庆节）", "星期六", "2023-10-08 是周日")


def test_refuses_unreadable_clause():
    text = notice(2026).replace("5月9日（周六）上班。", "5月9日（周六）照常上班。")
    one(refused(text, number="n"), "第四项（劳动节）", "无法识别", "照常上班")


def test_refuses_missing_festival_and_unknown_name():
    text = notice(2026).replace("五、端午节：6月19日（周五）至21日（周日）放假，共3天。\n", "")
    problems = refused(text, number="n")
    one(problems, "没有端午节")
    one(problems, "第六项", "序号")
    text = notice(2026).replace("五、端午节", "五、龙舟节")
    one(refused(text, number="n"), "第五项（龙舟节）", "无法识别的节日名称")


def test_refuses_end_before_start():
    text = notice(2026).replace("5月1日（周五）至5日（周二）", "5月1日（周五）至4月5日（周日）")
    one(refused(text, number="n"), "第四项（劳动节）", "早于开始日")


def test_all_problems_at_once():
    text = (
        notice(2026)
        .replace("共9天", "共8天")
        .replace("5月9日（周六）上班", "5月8日（周五）上班")
        .replace("10月1日（周四）", "10月1日（周五）")
    )
    problems = refused(text, number="n")
    assert len(problems) == 3, problems


def test_number_and_date_must_be_known_and_agree():
    problems = refused(notice(2026))  # Xinhua text: no number
    one(problems, "没有文号", "--number")
    no_date = notice(2026).replace("国务院办公厅\n\n2025年11月4日", "")
    one(refused(no_date, number="国办发明电〔2025〕7号"), "没有落款日期", "--issued-on")
    r = import_notice(no_date, number="国办发明电〔2025〕7号", issued_on=date(2025, 11, 4), source="x")
    assert r.schedule.issued_on == date(2025, 11, 4)
    one(refused(notice(2023), number="国办发明电〔2022〕17号"), "不一致", "16号")
    one(refused(notice(2023), issued_on=date(2022, 12, 9)), "不一致", "2022-12-08")
    one(refused(notice(2026), number="国办发明电〔2024〕7号"), "文号", "年份")


def test_refuses_text_without_title():
    text = notice(2026).replace("关于2026年部分节假日安排的通知", "通知")
    one(refused(text, number="n"), "没有找到通知标题")


def test_rendered_file_is_checked_by_read_schedule(monkeypatch):
    import compliance.calendar_import as ci

    good = ci.render_year_file
    monkeypatch.setattr(ci, "render_year_file", lambda n, source: good(n, source=source).replace("2026-05-09", "2026-05-08"))
    one(refused(notice(2026), number=NUMBER_GIVEN[2026]), "未通过校验", "makeup_workdays")


# --------------------------------------------------------------------------------------------
# The CLI
# --------------------------------------------------------------------------------------------


def test_cli_writes_the_year_file(tmp_path):
    out = tmp_path / "cal"
    ref = shipped(2025)
    r = run("import", str(NOTICES / "2025.txt"), "-o", str(out), "--number", NUMBER_GIVEN[2025], "--source", ref.source)
    assert r.exit_code == 0, r.output
    written = out / "2025.yaml"
    assert sorted(p.name for p in out.iterdir()) == ["2025.yaml"]
    assert body(written.read_text(encoding="utf-8")) == body((SHIPPED_DIR / "2025.yaml").read_text(encoding="utf-8"))
    s, problems = read_schedule(written)
    assert s is not None and s.holidays == ref.holidays and s.makeup_workdays == ref.makeup_workdays
    assert "国庆节、中秋节：2025-10-01（周三） 至 2025-10-08（周三），共8天" in r.stdout
    assert "2025-02-08（周六）  春节" in r.stdout
    assert "已写入" in r.stdout and r.stderr == ""


def test_cli_default_folder_is_current_and_number_from_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("import", str(NOTICES / "2024.txt"))
    assert r.exit_code == 0, r.output
    s, _ = read_schedule(tmp_path / "2024.yaml")
    assert s is not None and s.number == "国办发明电〔2023〕7号" and s.issued_on == date(2023, 10, 25)
    assert "2024.txt" in s.source
    assert "未转录" in r.stdout and "除夕（2月9日）" in r.stdout


def test_cli_gb18030_with_bom_free_text(tmp_path):
    src = tmp_path / "notice.txt"
    src.write_bytes(notice(2023).encode("gb18030"))
    r = run("import", str(src), "-o", str(tmp_path))
    assert r.exit_code == 0, r.output
    s, _ = read_schedule(tmp_path / "2023.yaml")
    assert s is not None and s.holidays == shipped(2023).holidays


def test_cli_refuses_and_writes_nothing(tmp_path):
    src = tmp_path / "notice.txt"
    src.write_text(notice(2026).replace("5月9日（周六）上班", "5月8日（周五）上班"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    r = run("import", str(src), "-o", str(out), "--number", NUMBER_GIVEN[2026])
    assert r.exit_code == 2
    assert list(out.iterdir()) == []
    assert "未写入" in r.stderr and "第四项（劳动节）" in r.stderr and "2026-05-08" in r.stderr
    assert r.stdout == ""


def test_cli_refusal_leaves_an_existing_file_alone(tmp_path):
    (tmp_path / "2026.yaml").write_text("keep me\n", encoding="utf-8")
    src = tmp_path / "notice.txt"
    src.write_text(notice(2026), encoding="utf-8")
    r = run("import", str(src), "-o", str(tmp_path))  # no --number: refused
    assert r.exit_code == 2 and "--number" in r.stderr
    assert (tmp_path / "2026.yaml").read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026.yaml", "notice.txt"]


def test_cli_one_line_per_problem(tmp_path):
    src = tmp_path / "notice.txt"
    src.write_text(notice(2026).replace("共9天", "共8天").replace("10月1日（周四）", "10月1日（周五）"), encoding="utf-8")
    r = run("import", str(src), "-o", str(tmp_path), "--number", NUMBER_GIVEN[2026])
    assert r.exit_code == 2
    lines = [x for x in r.stderr.splitlines() if x.startswith("  - ")]
    assert len(lines) == 2 and "第二项（春节）" in lines[0] and "第七项（国庆节）" in lines[1]
    assert not (tmp_path / "2026.yaml").exists()


def test_cli_bad_output_folder(tmp_path):
    r = run("import", str(NOTICES / "2024.txt"), "-o", str(tmp_path / "no" / "such"))
    assert r.exit_code == 2 and "does not exist" in r.stderr
    assert not (tmp_path / "no").exists()


def test_cli_written_file_loads_as_calendar_data(tmp_path):
    r = run("import", str(NOTICES / "2026.txt"), "-o", str(tmp_path), "--number", NUMBER_GIVEN[2026])
    assert r.exit_code == 0, r.output
    r = run("--calendar-dir", str(tmp_path), "--replace-shipped", "explain", "2026-10-10")
    assert r.exit_code == 0, r.output
    assert "补班" in r.stdout and str(tmp_path / "2026.yaml") in r.stdout
