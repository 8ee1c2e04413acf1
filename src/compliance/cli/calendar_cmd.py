"""`compliance calendar …`: inspect the working-day calendar behind every deadline.

The group is attached to the main CLI with ``main.add_command(calendar)``. It only parses
options, calls :mod:`compliance.workdays` / :mod:`compliance.periods` and prints; every error
(missing year, bad data file, bad date) becomes a message on stderr and exit status 2.
Help texts are English; results are printed in Chinese.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from ..errors import ComplianceError
from ..periods import Deadline, NaturalDaysAfter, WorkingDaysAfter, WorkingDaysBefore
from ..timetext import parse_date
from ..workdays import ENV_VAR, WEEKDAY_ZH, WorkCalendar, WorkdayRule

__all__ = ["calendar"]

# Day-based answers do not depend on the time zone, but Deadline needs one for its instants.
_TZ = ZoneInfo("Asia/Shanghai")
_META_KEY = "compliance.calendar_cmd.options"


class CalendarError(click.ClickException):
    """Any calendar failure: printed as ``Error: …`` on stderr, exit status 2."""

    exit_code = 2


class _DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD or YYYYMMDD (a bad one is a usage error: exit 2)."""

    name = "DATE"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value).strip())
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = _DateType()


def _calendar(ctx: click.Context) -> WorkCalendar:
    """Load the calendar with the group's options; data errors -> exit 2."""
    opts = ctx.meta.get(_META_KEY, {})
    try:
        return WorkCalendar.load(
            opts.get("calendar_dirs", ()),
            replace_shipped=opts.get("replace_shipped", False),
            rule=WorkdayRule(opts.get("rule", WorkdayRule.OFFICIAL.value)),
        )
    except ComplianceError as exc:
        raise CalendarError(str(exc)) from exc


def _day(d: date) -> str:
    return f"{d.isoformat()}（{WEEKDAY_ZH[d.weekday()]}）"


def _print_deadline(dl: Deadline, title: str) -> None:
    click.echo(f"{title}：{_day(dl.last_day)}" if dl.last_day else f"{title}：{dl.due_text()}")
    click.echo(f"  规则：{dl.rule}")
    for s in dl.steps:
        click.echo(f"  - {s}")
    if dl.provisional:
        click.echo("  （暂定：下一年放假安排公布后可能变化）")


@click.group(name="calendar")
@click.option(
    "--calendar-dir",
    "calendar_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Folder with extra {{year}}.yaml holiday files (repeatable). Also read from ${ENV_VAR}.",
)
@click.option(
    "--workday-rule",
    type=click.Choice([r.value for r in WorkdayRule]),
    default=WorkdayRule.OFFICIAL.value,
    show_default=True,
    help="official: 补班 days are working days; mon_fri_except_holidays: Mon-Fri minus 放假 days.",
)
@click.option(
    "--replace-shipped",
    is_flag=True,
    help="Let a --calendar-dir file replace a year shipped with the program.",
)
@click.pass_context
def calendar(ctx: click.Context, calendar_dirs: tuple[Path, ...], workday_rule: str, replace_shipped: bool) -> None:
    """The working-day calendar (State Council holiday notices) behind every deadline."""
    ctx.meta[_META_KEY] = {
        "calendar_dirs": calendar_dirs,
        "rule": workday_rule,
        "replace_shipped": replace_shipped,
    }


@calendar.command("is-workday")
@click.argument("day", type=DATE)
@click.pass_context
def is_workday_cmd(ctx: click.Context, day: date) -> None:
    """Say whether DAY (YYYY-MM-DD) is a working day, and why."""
    cal = _calendar(ctx)
    try:
        info = cal.day_info(day)
    except ComplianceError as exc:
        raise CalendarError(str(exc)) from exc
    click.echo(info.text())


@calendar.command("add")
@click.argument("day", type=DATE)
@click.argument("n", type=click.IntRange(min=1))
@click.option("--natural", is_flag=True, help="Count natural days (N日内) instead of working days.")
@click.option("--before", is_flag=True, help="Count backwards from DAY (提前N个工作日 / 提前N日).")
@click.pass_context
def add_cmd(ctx: click.Context, day: date, n: int, natural: bool, before: bool) -> None:
    """Count N working days after DAY (DAY itself not counted) and explain each step.

    \b
    add DATE N              N个工作日内: the N-th working day after DATE
    add DATE N --natural    N日内: DATE + N, a rest day rolls to the next working day
    add DATE N --before     提前N个工作日: both readings (a) and (b) for an event on DATE
    add DATE N --natural --before
                            提前N日: DATE - N calendar days (no roll)
    """
    cal = _calendar(ctx)
    try:
        if before and natural:
            last = date.fromordinal(day.toordinal() - n)
            click.echo(f"最迟日：{_day(last)}")
            click.echo(f"  规则：提前{n}日（自然日，不顺延）")
            click.echo(f"  - 事件日 {day.isoformat()} 不计入，向前数{n}日")
            if not cal.is_workday(last):
                click.echo(f"  - 注意：{last.isoformat()} 为休息日；提前期限是否前移由规则集决定")
        elif before:
            a, b = WorkingDaysBefore(n).deadlines(day, cal, _TZ)
            click.echo(f"最迟通知日：(a) {_day(a.last_day)}  (b) {_day(b.last_day)}")  # type: ignore[arg-type]
            # Lines both readings share first, then what is particular to (a) and to (b).
            for line in [x for x in b.steps if x in a.steps]:
                click.echo(f"  - {line}")
            for dl in (a, b):
                for line in [x for x in dl.steps if x not in (a.steps if dl is b else b.steps)]:
                    click.echo(f"  - {line}")
        elif natural:
            _print_deadline(NaturalDaysAfter(n).deadline(day, cal, _TZ), "最后一日")
        else:
            _print_deadline(WorkingDaysAfter(n).deadline(day, cal, _TZ), "最后一日")
    except ComplianceError as exc:
        raise CalendarError(str(exc)) from exc


@calendar.command("between")
@click.argument("a", type=DATE)
@click.argument("b", type=DATE)
@click.pass_context
def between_cmd(ctx: click.Context, a: date, b: date) -> None:
    """Count working days in (A, B]: A not counted, B counted. Prints the count first."""
    if a > b:
        raise CalendarError(f"A must not be after B: {a.isoformat()} > {b.isoformat()}")
    cal = _calendar(ctx)
    try:
        n = cal.count_workdays(a, b)
        # Rest days in (a, b]: those strictly between, plus b itself (never look past b).
        rest = cal.rest_days_between(a, b) + ([b] if a < b and not cal.is_workday(b) else [])
        makeups = cal.makeup_days_between(a, b)
    except ComplianceError as exc:
        raise CalendarError(str(exc)) from exc
    click.echo(str(n))
    click.echo(f"  区间 ({a.isoformat()}, {b.isoformat()}]：工作日 {n} 天，休息日 {len(rest)} 天")
    holidays = [d for d in rest if cal.holiday_name(d)]
    if holidays:
        names: list[str] = []
        for d in holidays:
            nm = cal.holiday_name(d)
            if nm not in names:
                names.append(nm)  # type: ignore[arg-type]
        click.echo(f"  其中节假日 {len(holidays)} 天：{'、'.join(names)}")
    for m in makeups:
        click.echo(f"  计入补班 {_day(m)}")


_EXPLAIN_HELP = """Explain DAY: 工作日 / 休息日 / 补班 / 节假日, and which notice says so.

\b
Year files (one per year, named {year}.yaml; add later years with
--calendar-dir DIR or $COMPLIANCE_CALENDAR_DIR):
  year: 2027
  title: 国务院办公厅关于2027年部分节假日安排的通知
  number: 国办发明电〔2026〕N号
  issued_on: 2026-11-01
  source: "https://www.gov.cn/..."
  holidays:
    - {name: 元旦, start: 2027-01-01, end: 2027-01-03}
  makeup_workdays: [2027-02-20]
\b
Rules checked on load: 补班 days are Saturdays or Sundays; no day is both
放假 and 补班; dates lie in the year or the previous December; `year`
equals the file name; no unknown or duplicate keys.
"""


@calendar.command("explain", help=_EXPLAIN_HELP)
@click.argument("day", type=DATE)
@click.pass_context
def explain_cmd(ctx: click.Context, day: date) -> None:
    cal = _calendar(ctx)
    try:
        info = cal.day_info(day)
    except ComplianceError as exc:
        raise CalendarError(str(exc)) from exc
    s = info.notice
    click.echo(info.text())
    click.echo(f"  类别：{info.kind}")
    click.echo(f"  工作日口径：{'官方（补班计为工作日）' if cal.rule is WorkdayRule.OFFICIAL else '周一至周五（法定节假日除外），补班日不计'}")
    click.echo(f"  依据：{s.title}（{s.number}，{s.issued_on.isoformat()}）")
    click.echo(f"  来源：{s.source}")
    click.echo(f"  数据文件：{s.path}")
    if s.year != day.year:
        click.echo(f"  说明：{day.year}年的该日由{s.year}年的通知调整")
    if info.provisional:
        click.echo(f"  暂定：该日位于{day.year}年最后7天内，{day.year + 1}年放假安排公布后可能变化")


@calendar.command("import")
@click.argument("notice", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output-dir",
    "output_dir",
    type=click.Path(path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write {year}.yaml into (created if its parent exists; an existing file is replaced).",
)
@click.option("--number", help="Document number (国办发明电〔2025〕7号) when the text does not carry it.")
@click.option("--issued-on", type=DATE, help="Signing date YYYY-MM-DD when the text does not carry it.")
@click.option("--source", help="Where the text was published (default: the notice file's name).")
def import_cmd(notice: Path, output_dir: Path, number: str | None, issued_on: date | None, source: str | None) -> None:
    """Turn the text of a State Council notice 关于YYYY年部分节假日安排的通知 into DIR/{year}.yaml.

    NOTICE is the notice's text as published (UTF-8, with or without BOM, or GB18030). Every
    item must be read fully and pass every check (weekdays, day counts, 上班 days on weekends,
    dates in the year, all seven festivals); otherwise each problem is printed and nothing is
    written (exit status 2). The written file is validated like any year file.
    """
    from ..calendar_import import import_notice, read_notice_file
    from ..fsutil import check_target, output_folder, write_atomic

    try:
        check_target(output_dir, folder=True)
        text = read_notice_file(notice)
        result = import_notice(
            text,
            number=number,
            issued_on=issued_on,
            source=source if source is not None else f"{notice.name}（compliance calendar import）",
        )
    except ComplianceError as exc:
        problems = getattr(exc, "problems", None) or [str(exc)]
        lines = "\n".join(f"  - {p}" for p in problems)
        raise CalendarError(f"{notice}：无法完整读取通知（{len(problems)}处问题），未写入任何文件：\n{lines}") from exc
    n = result.notice
    s = result.schedule
    target = None
    try:
        folder = output_folder(output_dir)
        target = folder / f"{n.year}.yaml"
        existed = target.exists()
        write_atomic(target, result.text)
    except ComplianceError as exc:
        raise CalendarError(str(exc)) from exc
    click.echo(f"已读取：{s.citation()}")
    click.echo(f"放假（{len(s.holidays)}段）：")
    for h in s.holidays:
        days = (h.end - h.start).days + 1
        span = _day(h.start) if h.start == h.end else f"{_day(h.start)} 至 {_day(h.end)}"
        click.echo(f"  {h.name}：{span}，共{days}天")
    origin = n.makeup_origin()
    if s.makeup_workdays:
        click.echo(f"补班（上班，{len(s.makeup_workdays)}天）：")
        for d in s.makeup_workdays:
            click.echo(f"  {_day(d)}  {origin[d]}")
    else:
        click.echo("补班（上班）：无")
    ignored = [x for it in n.items for x in it.ignored]
    if ignored:
        click.echo("未转录（倡议性文字，不改变放假或上班安排）：")
        for x in ignored:
            click.echo(f"  {x}")
    click.echo(f"已写入：{target}{'（替换原文件）' if existed else ''}")
