"""The 文号 sequence: a small SQLite file (stdlib ``sqlite3``) that hands out each 发文字号 once.

A number is taken inside ``BEGIN IMMEDIATE`` (the database's write lock, so two runs drafting
letters at once queue instead of reading the same last number) and committed only after the
letter's files are written: a run that fails before that leaves no gap and no number used.
The next number is ``max(settings' next_number, last issued + 1)`` per pattern and year, and
every issued number is recorded with its contract, vendor and letter date (UNIQUE: a number
can never be issued twice, whatever the settings say).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import ComplianceError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sequence (
    pattern TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,
    PRIMARY KEY (pattern, year));
CREATE TABLE IF NOT EXISTS issued (
    number TEXT PRIMARY KEY, pattern TEXT NOT NULL, year INTEGER NOT NULL, n INTEGER NOT NULL,
    contract TEXT NOT NULL, vendor TEXT NOT NULL, letter_date TEXT NOT NULL, files TEXT NOT NULL);
"""


class SequenceError(ComplianceError):
    """The 文号 sequence file cannot be used (exit status 2)."""


@dataclass(frozen=True)
class Number:
    text: str  # 鹤审函〔2026〕18号
    n: int
    year: int


class Sequence:
    """One open sequence file; :meth:`take` hands out numbers inside one write transaction."""

    def __init__(self, path: Path, timeout: float = 60.0):
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            self.db.executescript(_SCHEMA)
        except sqlite3.Error as e:
            raise SequenceError(f"文号 sequence file {path}: {e}") from e

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator["Sequence"]:
        """BEGIN IMMEDIATE … COMMIT (ROLLBACK if the body raises): numbers taken in the body
        are used only if it finishes."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise SequenceError(f"文号 sequence file {self.path}: cannot lock it: {e}") from e
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def take(self, pattern: str, year: int, start: int) -> Number:
        """The next number for ``pattern`` in ``year`` (call inside :meth:`transaction`)."""
        row = self.db.execute("SELECT last FROM sequence WHERE pattern = ? AND year = ?", (pattern, year)).fetchone()
        n = max(start, (row[0] + 1) if row else 1)
        while True:  # a number issued under another pattern spelling that formats the same
            text = pattern.format(year=year, n=n)
            if not self.db.execute("SELECT 1 FROM issued WHERE number = ?", (text,)).fetchone():
                break
            n += 1
        self.db.execute("INSERT INTO sequence (pattern, year, last) VALUES (?, ?, ?) "
                        "ON CONFLICT (pattern, year) DO UPDATE SET last = excluded.last", (pattern, year, n))
        return Number(text, n, year)

    def record(self, number: Number, pattern: str, contract: str, vendor: str, letter_date: str,
               files: list[str]) -> None:
        self.db.execute("INSERT INTO issued (number, pattern, year, n, contract, vendor, letter_date, files) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (number.text, pattern, number.year, number.n, contract, vendor, letter_date, "\n".join(files)))

    def issued(self) -> list[tuple[str, str, str]]:
        """(number, contract, letter date) of every number issued, in order."""
        return list(self.db.execute("SELECT number, contract, letter_date FROM issued ORDER BY year, n"))
