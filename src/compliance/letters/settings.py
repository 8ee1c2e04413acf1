"""The sender's settings for letters (``--settings FILE``, YAML).

Every key is optional; the defaults come from the report and its ruleset (the sender is the
contract's buyer, the rectification period the contract's own). Example::

    sender: 鹤壁市行政审批和政务信息管理局
    number_pattern: 鹤审函〔{year}〕{n}号      # {year}: the letter date's year, {n}: the number
    next_number: 18                          # the first number to use (the sequence never goes back)
    sequence_file: 文号.sqlite3               # relative to this file; default beside the output
    copy_number: 1                           # 份号, printed as 000001; null: none
    contact: {name: 张明, phone: 0392-3310000}
    cc: [鹤壁市财政局]
    date: 2026-12-07                         # 成文日期 (``--date`` wins)
    rectification_working_days: 10           # when the contract sets no rectification period
    confirmed_defaults: [JZ-DELETE-REPORT]   # default-based findings whose parameter the buyer confirmed
    rulings:                                 # which reading of an ambiguous finding applies
      hebi-backup/HBB-NOTICE-7WD/MNT-2026-006: {reading: a, by: 张明, on: 2026-12-01}
"""

from __future__ import annotations

import datetime as _dt
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import InputError, Problem, UsageError
from ..yamlload import load_yaml_lines


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Contact(_Model):
    name: str
    phone: str | None = None
    email: str | None = None


class Ruling(_Model):
    """A person's decision on an ambiguous finding: which reading of the clause applies."""

    reading: Literal["a", "b", "window", "lead"] = Field(
        description="a, b (提前N个工作日: the notice day not counted / counted); window, lead (an invoice "
                    "节点前N个工作日内: within the N working days before the node / at least N before it)")
    by: str = Field(min_length=1)
    on: date
    note: str | None = None


class NoticeSettings(_Model):
    sender: str | None = Field(None, description="发文机关; default: the report's parties.buyer")
    number_pattern: str | None = Field(None, description="发文字号 pattern with {year} and {n}")
    next_number: int = Field(1, ge=1)
    sequence_file: str | None = None
    copy_number: int | None = Field(1, ge=1)
    contact: Contact | None = None
    cc: list[str] = Field(default_factory=list)
    date: _dt.date | None = None
    title: str | None = Field(None, description="标题; {contract_title} is replaced")
    contract_number: str | None = Field(None, description="合同编号 when the report has none")
    rectification_working_days: int | None = Field(None, gt=0)
    consequence: str | None = Field(None, description="the consequence paragraph, replacing the default")
    confirmed_defaults: list[str] = Field(default_factory=list)
    rulings: dict[str, Ruling] = Field(default_factory=dict)
    # where the settings file lives (relative sequence_file paths are taken from there)
    folder: Path | None = Field(None, exclude=True)

    @field_validator("number_pattern")
    @classmethod
    def _pattern(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if "{n}" not in v:
            raise ValueError("a 文号 pattern holds {n}, e.g. 鹤审函〔{year}〕{n}号")
        try:
            v.format(year=2026, n=1)
        except (KeyError, IndexError, ValueError) as e:
            raise ValueError(f"only {{year}} and {{n}} may appear in the pattern ({e})") from None
        return v

    def sequence_path(self, out_dir: Path) -> Path:
        if self.sequence_file is None:
            return out_dir / "notice-numbers.sqlite3"
        p = Path(self.sequence_file)
        return p if p.is_absolute() or self.folder is None else self.folder / p


def load_settings(path: str | Path | None) -> NoticeSettings:
    """The settings file read and validated (every problem at once, at its line), or the
    defaults when no file is given."""
    if path is None:
        return NoticeSettings()
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"--settings {path}: no such file")
    raw, lines, problems = load_yaml_lines(path, str(path))
    if problems:
        raise InputError(problems)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InputError([Problem(str(path), "1", "", type(raw).__name__, "a mapping of settings")])
    _yaml11_on(raw)
    try:
        s = NoticeSettings.model_validate(raw)
    except ValidationError as exc:
        from ..decisions import Locator

        raise InputError(Locator(str(path), lines).pydantic(exc)) from None
    s.folder = path.parent
    return s


def _yaml11_on(raw: dict) -> None:
    """YAML 1.1 reads the key ``on`` (a ruling's date) as the boolean true: take it back as ``on``."""
    rulings = raw.get("rulings")
    if isinstance(rulings, dict):
        for r in rulings.values():
            if isinstance(r, dict) and True in r and "on" not in r:
                r["on"] = r.pop(True)
