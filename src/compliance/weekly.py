"""The weekly run (``compliance run CONFIG``): every contract of a config checked, compared with
the previous run in the history (``compliance.history``), waivers and rulings applied, letters
drafted for new violations, and ``run.json`` (``compliance.runreport.RunReport``) written with
the report renderers' files.

```yaml
as_of: 2026-12-31              # optional; --as-of overrides; default: the contracts' latest if each has one, else now
database: out/history.sqlite   # default: <output>/history.sqlite
output: out/weekly             # folder for this run's files
waivers: waivers.yaml          # optional (waivers: and rulings:)
formats: [html, xlsx]          # the report renderers' formats (run.json is always written)
letter_formats: [docx, pdf]    # the letters' formats (as notice --format)
busy_timeout: 60               # seconds to wait for another run's write lock on the history
contracts:
  - ruleset: ../rulesets/hebi-backup
    records: [hebi-backup]           # files or folders, as for check
    as_of: 2026-12-31                # optional: this contract's own as-of (wins over --as-of)
    from: 2026-07-01                 # optional window, as for check (and to:)
    map: jiaozuo.map.yaml            # optional mapping of the exports (check --map)
    exported: [report]               # kinds the exports hold in full (check --exported)
    params: {HBB-X: {period.minutes: 15}}   # as check --param HBB-X.period.minutes=15
    term_start: 2023-07-01           # optional (check --term-start/--term-end)
    calendar_dirs: [holidays]        # extra {year}.yaml holiday notices
    letters: true                    # draft letters for new violations
    notice_settings: notice.yaml     # the letters' settings (notice --settings)
```

Relative paths are relative to the config file. Every problem of the config and of the waivers
file is reported at once with its file and line, and nothing is written.

Determinism: the run id comes from the as-of and digests of the config, the waivers file and the
records, never from the clock; contracts are reported in config order whether they were checked
in one process or in N (``--jobs``), so the same inputs and history give the same ``run.json``.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import CalendarDataMissing, ComplianceError, InputError, Problem, UsageError
from .findings import Finding, Notice, Report
from .fsutil import OutputError, open_output, write_atomic
from .mapping import KindNames
from .runreport import CHANGES, ContractRun, Ruling, RunFinding, RunReport, TrendPoint, Waiver
from .yamlload import dotted, line_of, load_yaml_lines, shape_problems, short_text

REPORT_FORMATS = ("html", "xlsx", "csv", "junit", "sarif")


# ============================================================================================
# The config


def _date_text(v: Any) -> Any:
    """A YAML date, date-time or 20261231 as the text the check's options take."""
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return v


def _valid_when(v: str) -> str:
    from .timetext import parse_instant

    try:
        parse_instant(v, UTC, option="x", end_of_day=True)
    except UsageError:
        raise ValueError("a date (YYYY-MM-DD or YYYYMMDD) or an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][±HH:MM])") from None
    return v


def _one_list(v: Any) -> Any:
    return [v] if isinstance(v, str) else v


When = Annotated[str, BeforeValidator(_date_text), AfterValidator(_valid_when)]
Paths = Annotated[list[str], BeforeValidator(_one_list)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ContractConfig(_Strict):
    ruleset: str = Field(description="the ruleset folder (or its ruleset.yaml)")
    records: Paths = Field(min_length=1, description="files or folders of records, as for check")
    as_of: When | None = Field(None, description="this contract's own as-of (wins over --as-of and the config's)")
    from_: When | None = Field(None, alias="from")
    to: When | None = None
    map: str | None = Field(None, description="mapping of the exports (check --map)")
    exported: KindNames = Field(default_factory=list, description="kinds exported in full (check --exported)")
    params: dict[str, dict[str, Any]] = Field(default_factory=dict, description="{ID: {path: value}} (check --param)")
    term_start: When | None = None
    term_end: When | None = None
    calendar_dirs: Paths = Field(default_factory=list)
    letters: bool = False
    notice_settings: str | None = None


class RunConfig(_Strict):
    as_of: When | None = None
    database: str | None = None
    output: str
    waivers: str | None = None
    formats: list[str] = Field(default_factory=lambda: ["html", "xlsx"])
    letter_formats: list[str] = Field(default_factory=lambda: ["docx", "pdf"])
    busy_timeout: float = Field(60.0, gt=0, description="seconds to wait for another run's lock on the history")
    contracts: list[ContractConfig] = Field(min_length=1)

    @field_validator("formats")
    @classmethod
    def _formats(cls, v: list[str]) -> list[str]:
        bad = [f for f in v if f not in REPORT_FORMATS]
        if bad:
            raise ValueError(f"unknown formats {bad}; one of: {', '.join(REPORT_FORMATS)} (run.json is always written)")
        return list(dict.fromkeys(v))

    @field_validator("letter_formats")
    @classmethod
    def _letter_formats(cls, v: list[str]) -> list[str]:
        from .letters.render import FORMATS

        bad = [f for f in v if f not in FORMATS]
        if bad or not v:
            raise ValueError(f"one or more of: {', '.join(FORMATS)}")
        return list(dict.fromkeys(v))


@dataclass
class ContractSpec:
    """One contract of the config, its paths resolved against the config's folder."""

    index: int
    id: str  # the ruleset id
    where: str  # config.yaml:LINE, for messages
    ruleset: Path
    records: list[Path]
    as_of: str
    window_from: str | None
    window_to: str | None
    mapping: Path | None
    exported: list[str]
    params: dict[str, dict[str, Any]]
    term_start: str | None
    term_end: str | None
    calendar_dirs: list[Path]
    letters: bool
    notice_settings: Path | None


@dataclass
class Config:
    path: Path  # as given
    digest: str  # sha256 of its bytes
    as_of: str  # the run's as-of, as given (a date in ISO form, or a date-time)
    database: Path
    output: Path
    waivers: Path | None
    formats: list[str]
    letter_formats: list[str]
    busy_timeout: float
    contracts: list[ContractSpec]
    rulesets: dict[str, Any]  # id -> Ruleset


def _normal_as_of(text: str) -> str:
    """``20261231`` -> ``2026-12-31``; a date-time stays as given."""
    t = text.strip()
    if re.fullmatch(r"\d{8}", t):
        return f"{t[:4]}-{t[4:6]}-{t[6:]}"
    return t


def _without_bad_values(model: type[BaseModel], raw: dict, exc: ValidationError) -> Any:
    """The document validated again without the keys its errors name (an unknown key, a bad
    value), so that the rest of it — its paths, its rulesets, the waivers file — is still checked
    in the same pass; None when that is not possible (a required key is missing or bad)."""
    import copy

    doc = copy.deepcopy(raw)
    for e in exc.errors():
        loc = tuple(e["loc"])
        if e["type"] == "missing" or not loc:
            return None
        parent: Any = doc
        for k in loc[:-1]:
            try:
                parent = parent[k]
            except (KeyError, IndexError, TypeError):
                return None
        if isinstance(parent, dict) and loc[-1] in parent:
            del parent[loc[-1]]
        else:
            return None
    try:
        return model.model_validate(doc)
    except ValidationError:
        return None


def _config_model_at(loc: tuple) -> type[BaseModel] | None:
    if loc == ():
        return RunConfig
    if len(loc) == 2 and loc[0] == "contracts":
        return ContractConfig
    return None


def load_config(path: str | Path, as_of: str | None = None, now: str | None = None) -> Config:
    """Read and check the config: its shape, that every file and folder it names exists, the
    rulesets and their parameters; every problem at once, at its line."""
    from .rulesets import load_ruleset, ruleset_path, with_params

    path = Path(path)
    src = str(path)
    if not path.is_file():
        raise UsageError(f"{src}: no such config file")
    raw, lines, problems = load_yaml_lines(path, src)
    if problems:
        raise InputError(problems)
    if not isinstance(raw, dict):
        raise InputError([Problem(src, "1", "", type(raw).__name__, "a mapping with output: and contracts:")])
    problems = []
    try:
        cfg = RunConfig.model_validate(raw)
    except ValidationError as exc:
        problems = shape_problems(exc, lines, src, _config_model_at)
        cfg = _without_bad_values(RunConfig, raw, exc)  # the rest still checked, in this pass
        if cfg is None:
            raise InputError(problems) from None
    base = path.parent

    def resolve(p: str) -> Path:
        q = Path(p).expanduser()
        return Path(os.path.normpath(q if q.is_absolute() else base / q))  # samples/../out -> out

    def need(at: tuple, p: Path, what: str, ok: Callable[[Path], bool]) -> None:
        if not ok(p):
            problems.append(Problem(src, line_of(lines, at), dotted(at), str(p), what))

    if as_of is not None:
        try:
            _valid_when(as_of)
        except ValueError as e:
            raise UsageError(f"--as-of: {e}: {as_of!r}") from None
    # the clock only for a contract without an as-of of its own: a config whose every contract
    # gives one runs as of the latest of them, so that running it again is the same run (it
    # replaces that run, and its outputs are the same bytes), not a new run at a new instant
    given = as_of or cfg.as_of or (now if any(not c.as_of for c in cfg.contracts) else None)
    run_as_of = _normal_as_of(given) if given else ""
    output = resolve(cfg.output)
    if output.exists() and not output.is_dir():
        problems.append(Problem(src, line_of(lines, ("output",)), "output", str(output), "a folder (or a new one's name)"))
    database = resolve(cfg.database) if cfg.database else output / "history.sqlite"
    if database.is_dir():
        problems.append(Problem(src, line_of(lines, ("database",)), "database", str(database), "a database file, not a folder"))
    waivers = resolve(cfg.waivers) if cfg.waivers else None
    if waivers is not None:
        need(("waivers",), waivers, "an existing waivers file (YAML)", Path.is_file)

    specs: list[ContractSpec] = []
    rulesets: dict[str, Any] = {}
    first_at: dict[str, str] = {}
    for i, c in enumerate(cfg.contracts):
        at = ("contracts", i)
        rs_path = resolve(c.ruleset)
        if not ruleset_path(rs_path).is_file():
            problems.append(Problem(src, line_of(lines, at + ("ruleset",)), dotted(at + ("ruleset",)), str(rs_path),
                                    "a ruleset folder (holding ruleset.yaml)"))
            continue
        records = [resolve(r) for r in c.records]
        for j, r in enumerate(records):
            need(at + ("records", j), r, "an existing file or folder of records", Path.exists)
        mapping = resolve(c.map) if c.map else None
        if mapping is not None:
            need(at + ("map",), mapping, "an existing mapping file (YAML)", Path.is_file)
        settings = resolve(c.notice_settings) if c.notice_settings else None
        if settings is not None:
            need(at + ("notice_settings",), settings, "an existing notice settings file (YAML)", Path.is_file)
        cal_dirs = [resolve(d) for d in c.calendar_dirs]
        for j, d in enumerate(cal_dirs):
            need(at + ("calendar_dirs", j), d, "an existing folder of {year}.yaml holiday notices", Path.is_dir)
        rs = load_ruleset(rs_path)
        where = f"{src}:{line_of(lines, at)}"
        if rs.id in first_at:
            problems.append(Problem(src, line_of(lines, at + ("ruleset",)), dotted(at + ("ruleset",)), rs.id,
                                    f"each contract once (ruleset {rs.id} is already at {first_at[rs.id]})"))
            continue
        first_at[rs.id] = where
        if c.params:
            try:
                with_params(rs, c.params, option="params")
            except UsageError as e:
                problems.append(Problem(src, line_of(lines, at + ("params",)), dotted(at + ("params",)),
                                        ", ".join(c.params), str(e)))
        rulesets[rs.id] = rs
        specs.append(ContractSpec(
            index=i, id=rs.id, where=where, ruleset=rs_path, records=records,
            as_of=_normal_as_of(c.as_of) if c.as_of else run_as_of,
            window_from=c.from_, window_to=c.to, mapping=mapping, exported=list(c.exported),
            params={k: dict(v) for k, v in c.params.items()}, term_start=c.term_start, term_end=c.term_end,
            calendar_dirs=cal_dirs, letters=c.letters, notice_settings=settings))
    # the waivers file and the letters' settings are checked with the config, so that every
    # problem of a run's files is reported at once (the waivers against the rulesets: only when
    # every contract's ruleset was read, else a waiver of that contract would look unknown)
    if waivers is not None and waivers.is_file() and len(specs) == len(cfg.contracts):
        try:
            load_waivers(waivers, rulesets)
        except InputError as e:
            problems += e.problems
    settings_read: set[Path] = set()
    for s in specs:  # the letters' settings, checked before any work is done (each file once)
        if s.letters and s.notice_settings is not None and s.notice_settings.is_file() \
                and s.notice_settings not in settings_read:
            from .letters.settings import load_settings

            settings_read.add(s.notice_settings)
            try:
                load_settings(s.notice_settings)
            except InputError as e:
                problems += e.problems
    if problems:
        raise InputError(problems)
    if not run_as_of:
        if any(not c.as_of for c in cfg.contracts) or not specs:
            raise UsageError("no as-of: give --as-of or as_of: in the config (the command line's default is now)")
        run_as_of = max((s.as_of for s in specs), key=datetime.fromisoformat)  # every contract has its own
    return Config(path=path, digest=hashlib.sha256(path.read_bytes()).hexdigest(), as_of=run_as_of,
                  database=database, output=output, waivers=waivers, formats=cfg.formats,
                  letter_formats=cfg.letter_formats, busy_timeout=cfg.busy_timeout, contracts=specs,
                  rulesets=rulesets)


# ============================================================================================
# Waivers and rulings


class _WaiverIn(_Strict):
    contract: str = Field(min_length=1)
    obligation: str | None = None
    subject: str | None = None
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    until: date

    @model_validator(mode="after")
    def _what(self) -> _WaiverIn:
        if not self.obligation and not self.subject:
            raise ValueError("a waiver names an obligation, a subject (an event id or a period) or both")
        return self


class _RulingIn(_Strict):
    key: str = Field(min_length=1, description="the finding's key: <ruleset id>/<obligation>/<subject>")
    reading: Literal["a", "b", "window", "lead"] = Field(description="a, b (提前N个工作日), window, lead (invoice windows)")
    by: str = Field(min_length=1)
    on: date
    note: str | None = None


class _WaiversDoc(_Strict):
    waivers: list[_WaiverIn] = Field(default_factory=list)
    rulings: list[_RulingIn] = Field(default_factory=list)


@dataclass
class Waivers:
    waivers: list[Waiver] = field(default_factory=list)
    rulings: dict[str, Ruling] = field(default_factory=dict)
    digest: str = ""


def load_waivers(path: Path | None, rulesets: dict[str, Any]) -> Waivers:
    """The waivers file, checked against the run's contracts and their obligations: every
    problem at once, at its line (an input error: nothing is written)."""
    if path is None:
        return Waivers()
    src = str(path)
    raw, lines, problems = load_yaml_lines(path, src)
    if problems:
        raise InputError(problems)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError([Problem(src, "1", "", type(raw).__name__, "a mapping with waivers: and rulings:")])
    for r in raw.get("rulings") or [] if isinstance(raw.get("rulings"), list) else []:
        if isinstance(r, dict) and True in r and "on" not in r:  # YAML 1.1 reads the key `on` as true
            r["on"] = r.pop(True)
    # each waiver and ruling on its own, so that one's bad date and another's unknown contract
    # are reported in the same pass (and a waiver's shape and its contract both)
    for key in raw:
        if key not in ("waivers", "rulings"):
            problems.append(Problem(src, line_of(lines, (key,)), str(key), short_text(raw[key]),
                                    "not a key here; the keys are: rulings, waivers"))
    items: dict[str, list] = {}
    for key in ("waivers", "rulings"):
        v = raw.get(key)
        if v is None:
            v = []
        if not isinstance(v, list):
            problems.append(Problem(src, line_of(lines, (key,)), key, short_text(v), "a list (- contract: … / - key: …)"))
            v = []
        items[key] = v
    models: dict[str, type[BaseModel]] = {"waivers": _WaiverIn, "rulings": _RulingIn}
    model_at = lambda loc: models.get(loc[0]) if len(loc) == 2 else None  # noqa: E731
    contracts = ", ".join(sorted(rulesets))
    out = Waivers(digest=hashlib.sha256(path.read_bytes()).hexdigest())

    def known_contract(at: tuple, contract: Any) -> Any:
        rs = rulesets.get(contract) if isinstance(contract, str) else None
        if rs is None and isinstance(contract, str) and contract:
            problems.append(Problem(src, line_of(lines, at + ("contract",)), dotted(at + ("contract",)), contract,
                                    f"a contract (ruleset id) of this run: {contracts}"))
        return rs

    def known_obligation(at: tuple, rs: Any, obligation: Any) -> bool:
        if obligation and isinstance(obligation, str) and obligation not in {o.id for o in rs.obligations}:
            problems.append(Problem(src, line_of(lines, at + ("obligation",)), dotted(at + ("obligation",)), obligation,
                                    f"an obligation of {rs.id} (compliance rules list shows them)"))
            return False
        return True

    for i, item in enumerate(items["waivers"]):
        at = ("waivers", i)
        try:
            w = _WaiverIn.model_validate(item)
        except ValidationError as exc:
            problems += shape_problems(exc, lines, src, model_at, prefix=at)
            if isinstance(item, dict):  # its contract and obligation are checked all the same
                rs = known_contract(at, item.get("contract"))
                if rs is not None:
                    known_obligation(at, rs, item.get("obligation"))
            continue
        rs = known_contract(at, w.contract)
        if rs is None or not known_obligation(at, rs, w.obligation):
            continue
        out.waivers.append(Waiver(contract=w.contract, obligation=w.obligation, subject=w.subject, reason=w.reason,
                                  approved_by=w.approved_by, until=w.until.isoformat(),
                                  source=f"{src}:{line_of(lines, at)}"))
    for i, item in enumerate(items["rulings"]):
        at = ("rulings", i)
        try:
            r = _RulingIn.model_validate(item)
        except ValidationError as exc:
            problems += shape_problems(exc, lines, src, model_at, prefix=at)
            continue
        contract, _, rest = r.key.partition("/")
        obligation, _, subject = rest.partition("/")
        rs = rulesets.get(contract)
        if rs is None or not subject:
            problems.append(Problem(src, line_of(lines, at + ("key",)), dotted(at + ("key",)), r.key,
                                    f"a finding key <ruleset id>/<obligation>/<subject> of a contract of this run: {contracts}"))
            continue
        if obligation not in {o.id for o in rs.obligations}:
            problems.append(Problem(src, line_of(lines, at + ("key",)), dotted(at + ("key",)), r.key,
                                    f"a finding key of an obligation of {contract}"))
            continue
        if r.key in out.rulings:
            problems.append(Problem(src, line_of(lines, at + ("key",)), dotted(at + ("key",)), r.key,
                                    f"one ruling per finding (already at {out.rulings[r.key].source})"))
            continue
        out.rulings[r.key] = Ruling(key=r.key, reading=r.reading, by=r.by, on=r.on.isoformat(), note=r.note,
                                    source=f"{src}:{line_of(lines, at)}")
    if problems:
        raise InputError(problems)
    return out


def subject_of(key: str) -> str:
    return key.split("/", 2)[2] if key.count("/") >= 2 else ""


def waiver_for(f: Finding, contract: str, waivers: list[Waiver], day: date) -> tuple[Waiver | None, bool]:
    """The waiver covering a violation: one in force (the latest ``until``; the first in the
    file on a tie), else the expired one that covered it last (``expired`` True)."""
    subject = subject_of(f.key)
    matching = [w for w in waivers if w.contract == contract
                and (w.obligation is None or w.obligation == f.obligation)
                and (w.subject is None or w.subject == subject)]
    if not matching:
        return None, False
    in_force = [w for w in matching if date.fromisoformat(w.until) >= day]
    pool = in_force or matching
    best = max(pool, key=lambda w: w.until)  # max keeps the first of equals
    return best, not in_force


def _unmatched_rulings(contract: str, report: Report, rulings: dict[str, Ruling]) -> list[Notice]:
    """Rulings of this contract that settle nothing: no ambiguous finding has their key, or the
    reading is not one of that finding's (a ruling on an invoice window read as "a")."""
    ambiguous = {f.key: f for f in report.findings if f.status == "ambiguous"}
    out = []
    for key, r in sorted(rulings.items()):
        if not key.startswith(contract + "/"):
            continue
        f = ambiguous.get(key)
        why = ("没有这个编号的存疑事项（可能已不再存疑，或编号有误）" if f is None
               else f"该事项没有“{r.reading}”这一读法" if reading_ok(f, r.reading) is None else None)
        if why:
            out.append(Notice(code="ruling_unmatched", message=f"认定 {key}（{r.source}）未适用：{why}", items=[key]))
    return out


def reading_ok(f: Finding, reading: str) -> bool | None:
    """Whether the finding passes under a reading: ``ok_a`` (提前N个工作日) or ``window_ok``."""
    for name in (f"ok_{reading}", f"{reading}_ok"):
        v = f.facts.get(name)
        if isinstance(v, bool):
            return v
    return None


# ============================================================================================
# Checking one contract (in this process or a worker)


@dataclass
class Job:
    index: int
    id: str
    ruleset: str
    records: list[str]
    as_of: str
    window_from: str | None
    window_to: str | None
    mapping: str | None
    exported: list[str]
    params: dict[str, dict[str, Any]]
    term_start: str | None
    term_end: str | None
    calendar_dirs: list[str]
    # the keys that were ever a violation: a pass among them may be resolved, and is shown in
    # full; the other passes are recorded by key alone (their text is never built)
    ever_open: list[str] = field(default_factory=list)


@dataclass
class JobResult:
    index: int
    report_json: bytearray | None = None  # the Report as JSON (UTF-8): every finding but the passes, and the passes of ever_open
    passes: list[str] = field(default_factory=list)  # the key of every pass
    digest: str = ""
    files: int = 0
    records: int = 0
    problems: list[Problem] | None = None
    error: str | None = None


def input_digest(paths: list[str | Path]) -> tuple[str, int]:
    """sha256 over the bytes of every record file (folders recursively), in sorted path order."""
    files: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            files.update(q for q in p.rglob("*") if q.is_file())
        elif p.is_file():
            files.add(p)
    h = hashlib.sha256()
    ordered = sorted(files, key=lambda q: q.as_posix())
    for q in ordered:
        with open(q, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest(), len(ordered)


def evaluate_job(job: Job) -> JobResult:
    """One contract checked as `compliance check` would (one evaluation); errors are returned as
    data (an exception's pickling would lose an InputError's problems)."""
    from .check import Options, run_check

    try:
        opts = Options(as_of=job.as_of, window_from=job.window_from, window_to=job.window_to,
                       calendar_dirs=[Path(d) for d in job.calendar_dirs], mapping=job.mapping,
                       exported=list(job.exported), params=job.params, term_start=job.term_start,
                       term_end=job.term_end)
        ev = run_check(job.ruleset, list(job.records), opts)
        report = ev.report(passes=frozenset(job.ever_open), stream=True)
        digest, files = input_digest(job.records)
        read = next((n.count or 0 for n in report.notices if n.code == "records_read"), 0)
        return JobResult(job.index, _report_json(report), ev.passes(), digest, files, read)
    except InputError as e:
        return JobResult(job.index, problems=list(e.problems))
    except ComplianceError as e:
        return JobResult(job.index, error=str(e))


def _report_json(report: Report) -> bytearray:
    """``report.model_dump_json(by_alias=True)`` as UTF-8, its findings (a stream) built and
    serialised one at a time into one buffer: the text of a hundred thousand findings is held
    once, never the findings beside it (``Report.model_validate_json`` reads it)."""
    empty = report.model_copy(update={"findings": []})
    head = empty.__pydantic_serializer__.to_json(empty, by_alias=True)
    at = head.index(b'"findings":[]') + len(b'"findings":[')  # (a quote inside a string is escaped)
    out = bytearray(head[:at])
    for i, f in enumerate(report.findings):
        if i:
            out += b","
        out += f.__pydantic_serializer__.to_json(f, by_alias=True)
    out += head[at:]
    return out


def _job(spec: ContractSpec, ever_open: set[str]) -> Job:
    return Job(index=spec.index, id=spec.id, ruleset=str(spec.ruleset), records=[str(r) for r in spec.records],
               as_of=spec.as_of, window_from=spec.window_from, window_to=spec.window_to,
               mapping=str(spec.mapping) if spec.mapping else None, exported=spec.exported, params=spec.params,
               term_start=spec.term_start, term_end=spec.term_end, calendar_dirs=[str(d) for d in spec.calendar_dirs],
               ever_open=sorted(ever_open))


def _ever_open(cfg: Config) -> dict[str, set[str]]:
    """Per contract, the keys a recorded run had as a violation (none without a history yet)."""
    from .history import History

    if not cfg.database.is_file():
        return {}
    with History(cfg.database, timeout=cfg.busy_timeout) as hist:
        return {s.id: hist.ever_open(s.id) for s in cfg.contracts}


def evaluate_all(cfg: Config, jobs: int, progress: Callable[[str], None] | None) -> dict[str, JobResult]:
    """Every contract checked, in ``jobs`` processes (1: in this one); results by contract id."""
    ever = _ever_open(cfg)
    todo = [_job(s, ever.get(s.id, set())) for s in cfg.contracts]
    n = len(todo)
    results: dict[int, JobResult] = {}

    def done(r: JobResult, k: int) -> None:
        results[r.index] = r
        if progress:
            spec = next(s for s in cfg.contracts if s.index == r.index)
            what = (f"{r.records} records read from {r.files} files" if r.report_json is not None else "failed")
            progress(f"[{k}/{n}] {spec.id}: {what}")

    if jobs <= 1 or n == 1:
        for k, j in enumerate(todo, 1):
            if progress:
                progress(f"[{k}/{n}] {j.id}: checking …")
            done(evaluate_job(j), k)
    else:
        import multiprocessing

        with ProcessPoolExecutor(max_workers=min(jobs, n), mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(evaluate_job, j) for j in todo]
            if progress:
                progress(f"checking {n} contracts in {min(jobs, n)} processes …")
            for k, fut in enumerate(as_completed(futures), 1):
                done(fut.result(), k)
    problems: list[Problem] = []
    errors: list[str] = []
    for s in cfg.contracts:
        r = results[s.index]
        if r.problems is not None:
            problems += r.problems
        elif r.error is not None:
            errors.append(f"{s.id} ({s.where}): {r.error}")
    if problems:
        raise InputError(problems)
    if errors:
        raise ComplianceError("; ".join(errors))
    return {s.id: results[s.index] for s in cfg.contracts}


# ============================================================================================
# Classification


def as_of_day(as_of: str, tz) -> date:
    """The day an as-of instant ends: 2026-12-31 (24:00 = 2027-01-01T00:00) -> 2026-12-31."""
    t = datetime.fromisoformat(as_of).astimezone(tz)
    return t.date() - timedelta(days=1) if t.time() == time(0) else t.date()


def _deadline_order(f: Finding, tz) -> tuple:
    """Due soon first: the deadline fact (an instant), else the end of the not_before or due day,
    else last."""
    d = f.facts.get("deadline")
    try:
        if isinstance(d, str) and d:
            t = datetime.fromisoformat(d)
            if t.tzinfo is None:
                t = t.replace(tzinfo=tz)
            return (0, t.astimezone(UTC), f.key)
    except ValueError:
        pass
    for text in (f.facts.get("not_before"), f.due):  # not_before: a year's holiday notice is missing
        try:
            day = date.fromisoformat(str(text)[:10])
        except ValueError:
            continue
        return (0, datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC), f.key)
    return (1, datetime.max.replace(tzinfo=UTC), f.key)


@dataclass
class Classified:
    lists: dict[str, list[RunFinding]]
    rows: Iterable[dict[str, Any]]  # for the history: the findings with their text
    passes: Iterable[str]  # and the keys of the other passes: read once, as they are written
    expired: int = 0


def classify(report: Report, prev: dict[str, Any] | None, ever_open: set[str], waivers: list[Waiver],
             rulings: dict[str, Ruling], day: date, tz, passes: list[str] = (),
             body_of: Callable[[str], str] | None = None, prev_day: str | None = None) -> Classified:
    """Each finding of this run against the previous run's (interfaces.md, "The weekly run").
    ``prev``: the previous run's findings (:meth:`History.findings_of`, its passes recorded by
    key alone only for this report's keys). ``passes``: the keys of the passes the report leaves
    out (never a violation in a recorded run, so none is resolved): recorded by key alone
    (``Classified.passes``). ``body_of``: a previous finding's text by key, read
    for those resolved without being found now (the history loads no text with ``prev``).
    ``prev_day``: the previous run's as-of day (a pass resolved then has passed since)."""
    from .history import OPEN

    prev = prev or {}
    today = day.isoformat()
    lists: dict[str, list[RunFinding]] = {c: [] for c in CHANGES}
    # the history's rows, as the arguments of _row: each row (its text serialised) is made as it is
    # written, not held beside the findings it is made of (a hundred thousand at a million records)
    rows: list[tuple] = []
    current: dict[str, Finding] = {}
    open_now: set[str] = set()
    expired = 0
    deferred: list[tuple[Finding, str, dict[str, Any]]] = []  # not a violation now: a row, maybe resolved

    for f in report.findings:
        current[f.key] = f
        if f.status == "pass":  # a pass shown by key (once a violation): recorded below, or resolved
            deferred.append((f, "pass", {"ruling": None}))
            continue
        ruling = rulings.get(f.key) if f.status == "ambiguous" else None
        eff = f.status
        if ruling is not None:
            ok = reading_ok(f, ruling.reading)
            eff = "fail" if ok is False else "pass" if ok is True else "ambiguous"
        extra: dict[str, Any] = {"ruling": ruling}
        if eff == "fail":
            w, is_expired = waiver_for(f, report.contract, waivers, day)
            if w is not None and not is_expired:
                eff = "waived"
                extra.update(waiver=w, status="waived")
            elif w is not None:
                extra.update(waiver=w, waiver_expired=True)
                expired += 1
        p = prev.get(f.key)
        if eff == "fail":
            open_now.add(f.key)
            if p is not None and p.status in LAST_OPEN:  # (one no longer found last week, found again: still open)
                change, first = "still_open", p.first_seen
                extra["age_weeks"] = (day - date.fromisoformat(first)).days // 7
            elif f.key in ever_open:
                change, first = "regressed", today
            else:
                change, first = "new", today
        elif eff == "waived":
            open_now.add(f.key)
            change, first = "waived", (p.first_seen if p is not None and p.status in LAST_OPEN else today)
        elif eff == "pending":
            change, first = "pending", (p.first_seen if p is not None and p.status == "pending" else today)
        else:
            deferred.append((f, eff, extra))
            continue
        rf = _run_finding(f, change, first, extra)
        lists[change].append(rf)
        rows.append((rf, eff, f.status))

    # a violation last recorded open, or no longer found (absent): resolved if found and not a
    # violation now, else no longer found (again: listed every week its record stays away)
    resolved_keys = [k for k, p in prev.items() if p.status in LAST_OPEN and k not in open_now]
    effective = {f.key: eff for f, eff, _ in deferred}
    for f, eff, extra in deferred:
        if f.key in resolved_keys:
            continue
        p = prev.get(f.key)
        if p is None or p.status != eff:
            first = today
        elif eff == "pass" and p.change == "resolved" and prev_day:  # passing since that run resolved it
            first = prev_day
        else:
            first = p.first_seen
        if eff in ("ambiguous", "unknown"):  # to rule on, or not decidable from the records: listed
            rf = _run_finding(f, eff, first, extra)
            lists[eff].append(rf)
            rows.append((rf, eff, f.status))
            continue
        rows.append((f, eff, f.status, first, extra.get("ruling")))
    resolving = set(resolved_keys)
    # a resolved pass without its text (open in a run recorded after this run read the history)
    unshown = {key for key in passes if key in resolving and key not in current}

    def pass_keys() -> Iterator[str]:
        """The keys of the passes without text (:meth:`History.insert_passes`), as they are
        written (a million records have millions of passes)."""
        return (key for key in passes if key not in current and key not in resolving)

    resolved: list[tuple[tuple, RunFinding]] = []
    gone: list[tuple[tuple, RunFinding]] = []
    order = {k: i for i, k in enumerate(current)}

    def last(k: str) -> RunFinding:
        """The finding as the previous run recorded it (its text read from the history if need be)."""
        p = prev[k]
        return RunFinding.model_validate_json(p.body if p.body is not None else body_of(k))

    for k in resolved_keys:
        p = prev[k]
        f = current.get(k)
        if f is not None:
            ruling = rulings.get(k) if f.status == "ambiguous" else None
            rf = _run_finding(f, "resolved", p.first_seen, {"ruling": ruling})
            eff = effective.get(k, f.status)
        elif k in unshown:  # a pass now, its text not built (the history changed during this run)
            old = last(k)
            rf = old.model_copy(update={
                "change": "resolved", "status": "pass", "age_weeks": None, "waiver": None, "waiver_expired": False,
                "explanation": [*old.explanation, f"本次检查（截至{today}）此项已符合约定"]})
            eff = "pass"
        else:  # no longer found at all (its record gone, or outside the window): as it was, listed apart
            old = last(k)
            said = [s for s in old.explanation if not _GONE.fullmatch(s)]  # (said once: of this run)
            rf = old.model_copy(update={
                "change": "no_longer_found", "age_weeks": None, "waiver": None, "waiver_expired": False,
                "explanation": [*said, f"本次检查（截至{today}）未再发现此项：相关记录已不在导出或检查范围内"
                                "（被删除、改号或移出检查期间），不能据此认定已整改，请核实；所列依据记录为最后一次发现时的文件位置"]})
            eff = "absent"
            gone.append(((order.get(k, len(order)), k), rf))
            rows.append((rf, eff, "absent"))
            continue
        resolved.append(((order.get(k, len(order)), k), rf))
        rows.append((rf, eff, f.status if f is not None else "pass"))  # (found now, or a pass without text)
    lists["resolved"] = [rf for _, rf in sorted(resolved, key=lambda x: x[0])]
    lists["no_longer_found"] = [rf for _, rf in sorted(gone, key=lambda x: x[0])]
    lists["pending"].sort(key=lambda rf: _deadline_order(rf, tz))
    return Classified(lists, itertools.starmap(_row, rows), pass_keys(), expired)


_GONE = re.compile(r"本次检查（截至[^）]+）未再发现此项：.*")  # the line a finding no longer found gains (each week anew)
LAST_OPEN = ("fail", "waived", "absent")  # what a violation was last recorded as: open, or no longer found


def _run_finding(f: Finding, change: str, first_seen: str, extra: dict[str, Any]) -> RunFinding:
    data = f.model_dump(by_alias=True)
    data.update(change=change, first_seen=first_seen)
    for k in ("age_weeks", "waiver", "waiver_expired", "ruling", "status"):
        if extra.get(k) is not None:
            data[k] = extra[k]
    return RunFinding.model_validate(data)


def _row(f: Finding, status: str, check_status: str, first: str | None = None,
         ruling: Ruling | None = None) -> dict[str, Any]:
    rf = f if isinstance(f, RunFinding) else None
    r = rf.ruling if rf is not None else ruling
    return {
        "key": f.key, "obligation": f.obligation, "status": status, "check_status": check_status,
        "change": rf.change if rf is not None else None,
        "first_seen": rf.first_seen if rf is not None else (first or ""),
        "age_weeks": rf.age_weeks if rf is not None else None,
        "topic": f.topic, "severity": f.severity,
        "deadline": f.facts.get("deadline") if isinstance(f.facts.get("deadline"), str) else None,
        "message": f.message,
        "waiver_until": rf.waiver.until if rf is not None and rf.waiver is not None else None,
        "waiver_expired": int(bool(rf.waiver_expired)) if rf is not None else 0,
        "ruling": r.reading if r is not None else None,
        "body": f.model_dump_json(by_alias=True),
    }


# ============================================================================================
# Letters for new violations


@dataclass
class DraftedLetters:
    """A contract's letters built (deadline counted, facts written) but not yet written: every
    contract's are built before any file of the run is written, so that a letter that cannot be
    drafted (a deadline into a year without holiday data) stops the run with nothing written."""

    letters: list[Any]
    settings: Any
    notices: list[Notice]


def prepare_letters(spec: ContractSpec, report: Report, new: list[RunFinding], rulings: dict[str, Ruling],
                    rs: Any, day: date) -> DraftedLetters | None:
    """The letters module on this contract's new violations, in memory (None: no new violation)."""
    from .letters.model import build_letters
    from .letters.settings import Ruling as SettingsRuling
    from .letters.settings import load_settings
    from .workdays import WorkCalendar

    if not new:
        return None
    settings = load_settings(spec.notice_settings)
    merged = dict(settings.rulings)
    for key, r in rulings.items():  # the run's rulings (waivers file) win over the settings'
        if key.startswith(report.contract + "/"):
            merged[key] = SettingsRuling(reading=r.reading, by=r.by, on=date.fromisoformat(r.on), note=r.note)
    settings = settings.model_copy(update={"rulings": merged})
    keys = {f.key for f in new}
    sub = report.model_copy(update={"findings": [f for f in report.findings if f.key in keys], "include_pass": False})
    letter_date = settings.date or day
    cal = WorkCalendar.load(spec.calendar_dirs)
    try:
        letters, left_out = build_letters([sub], {rs.id: rs}, settings, letter_date, cal)
    except CalendarDataMissing as exc:
        raise ComplianceError(
            f"{spec.where}: the letters for {rs.id}, dated {letter_date}, count their rectification deadline "
            f"into {exc.year}, which has no holiday data: add {exc.year}.yaml to a folder named in this "
            f"contract's calendar_dirs: (compliance calendar import reads the State Council notice), or set "
            f"letters: false; nothing was written") from None
    notices: list[Notice] = []
    if left_out:
        notices.append(Notice(code="letters_left_out", count=len(left_out),
                              message=f"{len(left_out)}项新违约未列入整改通知书（原因见各项）",
                              items=[f"{k}: {why}" for k, why in left_out]))
    return DraftedLetters(letters, settings, notices)


def letter_sequence(database: Path, output: Path) -> tuple[Path, str | None]:
    """Where a weekly run's 文号 are numbered when the notice settings name no ``sequence_file``:
    beside the history database, so that runs sharing a history share one sequence whatever
    folder each writes its letters to (a run into a new folder started again at 1: the same 文号
    twice). A sequence an earlier version kept in ``<output>/letters/`` is copied beside the
    database when there is none there yet (SQLite's backup: the numbers go on from it). Returns
    the file and, when it copies one, what to say."""
    beside = database.parent / "notice-numbers.sqlite3"
    old = output / "letters" / "notice-numbers.sqlite3"
    if beside.exists() or not old.exists():
        return beside, None
    import sqlite3

    src, dst = sqlite3.connect(old), sqlite3.connect(beside)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return beside, (f"the 文号 sequence {old} of an earlier version was copied to {beside}, beside the history: "
                    "letters go on numbering from it, whatever folder a run writes to")


def write_drafted(drafted: DraftedLetters | None, formats: list[str], output: Path,
                  sequence: Path | None = None) -> tuple[list[str], list[Notice]]:
    """The prepared letters written under ``<output>/letters/``: their files (relative names, for
    run.json) and notices (the letter date, what was left out and why). ``sequence``: the 文号
    sequence file when the settings name none (:func:`letter_sequence`)."""
    from .letters.render import TemplateSet
    from .letters.write import write_letters

    if drafted is None:
        return [], []
    notices = list(drafted.notices)
    if not drafted.letters:
        return [], notices
    folder = output / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    said: list[str] = []
    settings = drafted.settings
    if sequence is not None and settings.sequence_file is None:
        settings = settings.model_copy(update={"sequence_file": str(sequence.resolve())})
    done = write_letters(drafted.letters, formats, folder, settings, TemplateSet(None), said)
    notices += [Notice(code="letter_note", message=n) for n in said]
    for w in done:
        letter = w.letter
        written += [p.relative_to(output).as_posix() for p in w.files]
        notices.append(Notice(code="letter_drafted", count=len(letter.violations), message=(
            f"整改通知书 {w.number}：{len(letter.violations)}项新违约，致{letter.vendor}，成文日期{letter.letter_date}，"
            f"整改期限{letter.deadline.last_day}"), items=[p.name for p in w.files]))
        notices += [Notice(code="letter_note", message=n) for n in letter.notes]
    return written, notices


# ============================================================================================
# The run


@dataclass
class RunOutcome:
    report: RunReport
    written: list[Path]
    open_violations: int
    replaced: str | None  # the run id of a run at the same as-of this one replaced
    notes: list[str]


def _run_id(cfg: Config, waivers: Waivers, results: dict[str, JobResult], as_ofs: dict[str, str]) -> str:
    h = hashlib.sha256(json.dumps({
        "as_of": cfg.as_of, "config": cfg.digest, "waivers": waivers.digest,
        "contracts": [[s.id, as_ofs[s.id], results[s.id].digest] for s in cfg.contracts],
    }, sort_keys=True).encode()).hexdigest()
    stamp = re.sub(r"[^0-9T]", "", cfg.as_of)[:13]
    return f"{stamp}-{h[:10]}"


def run(config: str | Path, as_of: str | None = None, jobs: int = 1,
        progress: Callable[[str], None] | None = None, now: str | None = None) -> RunOutcome:
    """The whole weekly run; raises ComplianceError (exit 2) with nothing recorded. ``now`` (the
    CLI's clock, ISO) is the as-of when neither ``as_of`` nor the config gives one."""
    from .history import ContractRecord, History, schema_version_of
    from .render.jsonfmt import write as write_json

    cfg = load_config(config, as_of, now)
    waivers = load_waivers(cfg.waivers, cfg.rulesets)
    schema_version_of(cfg.database)  # a newer database is refused before any work
    results = evaluate_all(cfg, jobs, progress)
    reports = {}
    for cid, r in results.items():
        reports[cid] = Report.model_validate_json(r.report_json)  # type: ignore[arg-type]
        r.report_json = None  # read: the text need not be held beside the report
    as_ofs = {cid: rep.as_of for cid, rep in reports.items()}
    run_id = _run_id(cfg, waivers, results, as_ofs)
    notes: list[str] = []

    try:
        cfg.output.mkdir(parents=True, exist_ok=True)
        cfg.database.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"output {cfg.output}: cannot create the folder: {e.strerror or e}") from e
    written: list[Path] = []
    with History(cfg.database, timeout=cfg.busy_timeout) as hist, hist.transaction():
        if progress:
            progress(f"recording run {run_id} in {cfg.database}")
        latest = hist.latest_run()
        replaced = None
        stale: dict[str, list[str]] = {}  # the replaced run's letters, by contract: superseded
        if latest is not None and latest.as_of == cfg.as_of:  # the same week run again: it replaces that run
            replaced = latest.run_id
            hist.delete_run(latest.run_id)
            notes.append(f"the history's latest run {latest.run_id} has the same as-of ({cfg.as_of}): this run replaces it")
            found = _letters_of(cfg.output / "run.json", latest.run_id)
            stale = found or {}
            if found is None:  # its output was elsewhere: whatever letters it drafted are superseded too
                stale = {s.id: [] for s in cfg.contracts if s.letters}
                notes.append(f"the replaced run {latest.run_id} did not write to {cfg.output}: any letters it drafted "
                             "elsewhere are superseded too (文号 are never reused): do not send them")
            elif stale:
                names = ", ".join(Path(p).name for files in stale.values() for p in files)
                notes.append(f"the letters of the replaced run {latest.run_id} stay in {cfg.output / 'letters'} and are "
                             f"superseded (文号 are never reused): do not send {names}")
        if hist.run_exists(run_id):
            n = 2
            while hist.run_exists(f"{run_id}-{n}"):
                n += 1
            run_id = f"{run_id}-{n}"
        latest = hist.latest_run()
        previous_run_id = latest.run_id if latest else None
        hist.insert_run(run_id, cfg.as_of, str(cfg.path), cfg.digest, previous_run_id)

        contract_runs: list[ContractRun] = []
        open_total = 0
        # first every contract judged against the history and its letters built, in memory; then
        # the files: a contract that fails (runs backwards in time, a letter that cannot be
        # drafted) leaves no other contract's findings or letters written
        judged = []
        for spec in cfg.contracts:
            rs = cfg.rulesets[spec.id]
            rep = reports[spec.id]
            day = as_of_day(rep.as_of, rs.tz)
            before = hist.previous_for(spec.id)
            prev = prev_run = None
            if before is not None:
                past, rec = before
                if datetime.fromisoformat(rec.as_of) > datetime.fromisoformat(rep.as_of):
                    raise UsageError(f"{spec.id}: the history ({cfg.database}) already holds run {past.run_id} as of "
                                     f"{rec.as_of_day}, after this run's as-of {day}: runs go forward in time")
                prev_run = past.run_id
                prev = hist.findings_of(past.run_id, spec.id, keys=[f.key for f in rep.findings])
            c = classify(rep, prev, hist.ever_open(spec.id), waivers.waivers, waivers.rulings, day, rs.tz,
                         results[spec.id].passes,
                         body_of=functools.partial(hist.body_of, prev_run) if prev_run else None,
                         prev_day=before[1].as_of_day if before is not None else None)
            shown = rep.model_copy(update={"findings": [f for f in rep.findings if f.status != "pass"],
                                           "include_pass": False})
            drafted = prepare_letters(spec, shown, c.lists["new"], waivers.rulings, rs, day) if spec.letters else None
            judged.append((spec, rs, rep, day, c, shown, drafted, prev_run))
        sequence, sequence_note = None, None
        if any(j[6] is not None and j[6].letters for j in judged):  # letters to number
            sequence, copied = letter_sequence(cfg.database, cfg.output)
            if copied:
                notes.append(copied)
            elif not sequence.exists() and latest is not None:
                # a history an earlier version ran may have numbered letters in another output folder
                # (a letter note: the terminal shows it with the contract's letters)
                sequence_note = (f"本次运行在历史数据库旁新建文号序列（{sequence}）：如本历史此前的运行由旧版本在其他输出目录"
                                 "（letters/notice-numbers.sqlite3）编号，请在发送前核对文号，必要时以通知设置的 next_number 接续")
        for i, (spec, rs, rep, day, c, shown, drafted, prev_run) in enumerate(judged):
            judged[i] = None  # each contract's report is let go once written (below), not held to the end
            findings_name = f"{spec.id}.findings.json"
            target = cfg.output / findings_name
            with open_output(target) as fh:
                write_json(shown, fh)  # a finding at a time (never the whole text at once)
            written.append(target)
            notices = list(rep.notices) + _unmatched_rulings(spec.id, shown, waivers.rulings)
            if spec.id in stale:
                notices.append(_superseded(replaced, stale[spec.id]))
            letters: list[str] = []
            if spec.letters:
                letters, more = write_drafted(drafted, cfg.letter_formats, cfg.output, sequence)
                notices += more
                if letters and sequence_note:
                    notices.append(Notice(code="letter_note", message=sequence_note))
                written += [cfg.output / p for p in letters]
            n_open = sum(len(c.lists[k]) for k in ("new", "still_open", "regressed"))
            open_total += n_open
            summary = {"by_change": {k: len(c.lists[k]) for k in CHANGES},
                       "open": n_open, "waivers_expired": c.expired, **rep.summary}
            contract_runs.append(ContractRun(
                contract=spec.id, contract_title=rep.contract_title,
                parties={"buyer": rep.parties.buyer, "vendor": rep.parties.vendor}, term=rep.term,
                ruleset_version=rep.ruleset_version, summary=summary, as_of=rep.as_of, **c.lists,
                notices=notices, letters=letters, findings_file=findings_name))
            hist.insert_contract(run_id, ContractRecord(spec.id, rep.as_of, day.isoformat(), results[spec.id].digest,
                                                        results[spec.id].files, findings_name, summary))
            hist.insert_findings(run_id, spec.id, c.rows)
            hist.insert_passes(run_id, spec.id, c.passes)
            # written: its report, its passes' keys (millions at a million records) and its rows go
            del reports[spec.id]
            results[spec.id].passes = []
            rep = shown = c = drafted = None

        report = RunReport(run_id=run_id, previous_run_id=previous_run_id, as_of=cfg.as_of, config=str(cfg.path),
                           contracts=contract_runs, trend=_trend(hist))
        target = cfg.output / "run.json"
        # as UTF-8 bytes from the serialiser: the text of a large run is not also held as a str
        write_atomic(target, RunReport.__pydantic_serializer__.to_json(report, by_alias=True, indent=2) + b"\n")
        written.append(target)
        written += _render(report, cfg, notes)
    return RunOutcome(report, written, open_total, replaced, notes)


def _superseded(replaced: str, files: list[str]) -> Notice:
    """The notice of a replaced run's letters: its files, or (none known: it wrote to another
    output folder) that whatever it drafted is superseded too."""
    head = f"本次运行取代了检查时点相同的运行 {replaced}，"
    if files:
        return Notice(code="letters_superseded", count=len(files), items=files, message=(
            head + "其所拟整改通知书已作废（文号不再使用），请勿发送：" + "、".join(Path(p).name for p in files)))
    return Notice(code="letters_superseded", count=0, message=(
        head + "该运行的输出不在本输出目录：其所拟整改通知书（如有）同样作废（文号不再使用），请勿发送"))


def _letters_of(run_json: Path, run_id: str) -> dict[str, list[str]] | None:
    """The letter files a run wrote, by contract, from its run.json; None when that is not the
    run's (it wrote to another output folder, or its run.json is gone): its letters are not known."""
    try:
        doc = json.loads(run_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("run_id") != run_id:
        return None
    out: dict[str, list[str]] = {}
    for c in doc.get("contracts") or []:
        if isinstance(c, dict) and isinstance(c.get("contract"), str):
            files = [p for p in c.get("letters") or [] if isinstance(p, str) and not p.endswith(".sqlite3")]
            if files:
                out[c["contract"]] = files
    return out


def _trend(hist) -> list[TrendPoint]:
    """Open violations per run, contract and topic, oldest run first; a topic that was ever open
    for a contract has a point (0 when none) in every run of that contract."""
    rows = hist.open_counts()
    topics: dict[str, set[str]] = {}
    runs: dict[tuple[int, str, str], str] = {}  # (seq, run_id, contract) -> as-of day
    counts: dict[tuple[int, str, str, str], int] = {}
    for run_id, seq, day, contract, topic, n in rows:
        runs[(seq, run_id, contract)] = day
        if n:
            topics.setdefault(contract, set()).add(topic)
        counts[(seq, run_id, contract, topic)] = n
    out = []
    for (seq, run_id, contract), day in sorted(runs.items()):
        for topic in sorted(topics.get(contract, ())):
            out.append(TrendPoint(run_id=run_id, as_of=day, contract=contract, topic=topic,
                                  open=counts.get((seq, run_id, contract, topic), 0)))
    return out


def _render(report: RunReport, cfg: Config, notes: list[str]) -> list[Path]:
    """The report renderers' files (compliance.weekly_render.write_all), when they are installed."""
    if not cfg.formats:
        return []
    try:
        from . import weekly_render  # type: ignore[attr-defined]
    except ModuleNotFoundError as e:
        if e.name not in ("compliance.weekly_render",):
            raise
        notes.append(f"the report renderers (compliance.weekly_render) are not installed: only run.json was written, "
                     f"not {', '.join(cfg.formats)}")
        return []
    write_all = getattr(weekly_render, "write_all", None)
    if write_all is None:
        notes.append("compliance.weekly_render has no write_all(): only run.json was written")
        return []
    out = write_all(report, cfg.output, list(cfg.formats))
    if isinstance(out, (list, tuple)):
        return [Path(p) for p in out]
    if isinstance(out, dict):
        return [Path(p) for p in out.values()]
    return []
