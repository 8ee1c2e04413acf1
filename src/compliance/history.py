"""The weekly run's history: a SQLite file (the standard library's ``sqlite3``) holding every run,
its config and input digests, every finding shown by key with its status, change and first-seen
day, and the keys of each run's other passes, compressed (``run_passes``).

- **Schema** versioned with ``PRAGMA user_version`` and the :data:`MIGRATIONS` list (version 3
  now: 1, plus an index of the violations (2), plus the passes' table (3)): an older file is
  migrated inside one write transaction; a newer one is refused with a message naming the file
  and both versions.
- **WAL** journal: readers never block the writer; a run killed half-way leaves only an
  uncommitted WAL tail that SQLite discards.
- **One transaction per run** (:meth:`History.transaction`, ``BEGIN IMMEDIATE`` … ``COMMIT``): the
  caller reads the previous run, inserts this one and writes its output files inside it, and the
  commit comes last. A run that raises (or is killed) records nothing.
- **Two runs at once**: the second waits for the write lock up to the busy timeout, then fails
  with a message naming the database.

Nothing here reads the clock except ``recorded_at`` (kept for people reading the database, never
put into ``run.json``).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from .errors import ComplianceError

# (version, statements): applied in order to a file whose user_version is below the version
MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,             -- the order runs were recorded in
            as_of TEXT NOT NULL,                     -- the run's as-of, as run.json gives it
            config TEXT NOT NULL,                    -- the config file, as given
            config_digest TEXT NOT NULL,             -- sha256 of the config file's bytes
            previous_run_id TEXT,
            recorded_at TEXT NOT NULL                -- wall clock (for people; not in run.json)
        )""",
        """CREATE TABLE run_contracts (
            run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            contract TEXT NOT NULL,                  -- ruleset id
            as_of TEXT NOT NULL,                     -- the contract's as-of instant (ISO 8601)
            as_of_day TEXT NOT NULL,                 -- the day it ends (ISO date): first_seen, ages
            input_digest TEXT NOT NULL,              -- sha256 over the record files' bytes, sorted by path
            input_files INTEGER NOT NULL,
            findings_file TEXT,
            summary TEXT NOT NULL,                   -- JSON
            PRIMARY KEY (run_id, contract)
        )""",
        """CREATE TABLE findings (
            run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            contract TEXT NOT NULL,
            key TEXT NOT NULL,
            obligation TEXT NOT NULL,
            status TEXT NOT NULL,                    -- effective: fail, waived, pending, unknown, info,
                                                     -- ambiguous, pass (a resolved one now passing)
            check_status TEXT NOT NULL,              -- the check's own status
            change TEXT,                             -- new, still_open, regressed, waived, pending, resolved
            first_seen TEXT NOT NULL,
            age_weeks INTEGER,
            topic TEXT NOT NULL,
            severity TEXT NOT NULL,
            deadline TEXT,
            message TEXT NOT NULL,
            waiver_until TEXT,
            waiver_expired INTEGER NOT NULL DEFAULT 0,
            ruling TEXT,                             -- the ruling's reading
            body TEXT NOT NULL,                      -- the finding as run.json has it (JSON)
            PRIMARY KEY (run_id, key)
        )""",
        "CREATE INDEX findings_by_key ON findings (contract, key)",
    ]),
    # the violations alone (a few in a hundred rows): what every run reads of all the runs before
    # it (the keys ever open, the trend) is found without reading a year of passes
    (2, ["CREATE INDEX findings_open ON findings (contract, key) WHERE status IN ('fail', 'waived')"]),
    # the passes no report shows (all but a few in a hundred verdicts): their keys, one zlib
    # stream per run and contract of lines, each a JSON array of keys (History.insert_passes),
    # instead of a row each (a row each
    # grew the file by about 1.1 GB a week at a million records, and took SQLite some 40 s to
    # write). Rows of passes that an older version wrote stay as they are.
    (3, ["""CREATE TABLE run_passes (
            run_id TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
            contract TEXT NOT NULL,
            count INTEGER NOT NULL,                  -- how many keys
            keys BLOB NOT NULL,                      -- zlib: lines of JSON arrays of the keys, in fact order
            PRIMARY KEY (run_id, contract)
        )"""]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

_FINDING_COLUMNS = ("key", "obligation", "status", "check_status", "change", "first_seen", "age_weeks", "topic",
                    "severity", "deadline", "message", "waiver_until", "waiver_expired", "ruling", "body")

OPEN = ("fail", "waived")  # statuses of a violation still there (waived: there, but excused)


class HistoryError(ComplianceError):
    """The history database cannot be used (exit status 2)."""


@dataclass(frozen=True)
class PastFinding:
    key: str
    status: str
    change: str | None
    first_seen: str
    body: str | None = None  # JSON of the RunFinding: not loaded (History.body_of reads it when needed)


@dataclass(frozen=True)
class PastRun:
    run_id: str
    seq: int
    as_of: str


@dataclass(frozen=True)
class ContractRecord:
    contract: str
    as_of: str
    as_of_day: str
    input_digest: str
    input_files: int
    findings_file: str | None
    summary: dict[str, Any]


def schema_version_of(path: Path) -> int | None:
    """The schema version of an existing database file (None: no file), read without writing;
    a newer version than this program's is refused here, before any work is done."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            v = db.execute("PRAGMA user_version").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error as e:
        raise HistoryError(f"history database {path}: cannot read it: {e}") from e
    _refuse_newer(path, v)
    return v


def _refuse_newer(path: Path, v: int) -> None:
    if v > SCHEMA_VERSION:
        raise HistoryError(f"history database {path} has schema version {v}, newer than this program's "
                           f"({SCHEMA_VERSION}): it was written by a newer compliance; upgrade compliance to use it "
                           "(it is left unchanged)")


class History:
    """One open history database. Use :meth:`transaction` for everything that writes."""

    def __init__(self, path: str | Path, timeout: float = 60.0):
        self.path = Path(path)
        self.timeout = timeout
        try:
            self.db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            _refuse_newer(self.path, self.version)  # before anything changes the file
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise HistoryError(f"history database {self.path}: cannot use the WAL journal (got {mode})")
            self._migrate()
        except sqlite3.OperationalError as e:
            self._close_quietly()
            if "locked" in str(e) or "busy" in str(e):
                raise self._busy() from e
            raise HistoryError(f"history database {self.path}: {e}") from e
        except sqlite3.DatabaseError as e:
            self._close_quietly()
            raise HistoryError(f"history database {self.path}: not a usable SQLite database: {e}") from e
        except BaseException:
            self._close_quietly()
            raise

    def _close_quietly(self) -> None:
        try:
            self.db.close()
        except Exception:
            pass

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _busy(self) -> HistoryError:
        return HistoryError(f"history database {self.path} is in use by another run (waited {self.timeout:g} s for "
                            "its write lock); nothing was recorded: run again when the other run has finished")

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        v = self.version
        _refuse_newer(self.path, v)
        if v == SCHEMA_VERSION:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            v = self.version  # another process may have migrated it meanwhile
            _refuse_newer(self.path, v)
            for target, statements in MIGRATIONS:
                if target > v:
                    for sql in statements:
                        self.db.execute(sql)
                    self.db.execute(f"PRAGMA user_version = {int(target)}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    @contextmanager
    def transaction(self) -> Iterator[History]:
        """``BEGIN IMMEDIATE`` (the write lock, waited for up to the busy timeout) … ``COMMIT``
        when the body finishes; ``ROLLBACK`` if it raises: the run records nothing."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise self._busy() from e
        try:
            yield self
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.commit()

    def commit(self) -> None:
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as e:
            self.db.execute("ROLLBACK")
            raise HistoryError(f"history database {self.path}: cannot commit the run: {e}") from e

    # ---------------------------------------------------------------------------------- reads

    def runs(self) -> list[PastRun]:
        return [PastRun(*r) for r in self.db.execute("SELECT run_id, seq, as_of FROM runs ORDER BY seq")]

    def latest_run(self) -> PastRun | None:
        r = self.db.execute("SELECT run_id, seq, as_of FROM runs ORDER BY seq DESC LIMIT 1").fetchone()
        return PastRun(*r) if r else None

    def run_exists(self, run_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)).fetchone() is not None

    def previous_for(self, contract: str) -> tuple[PastRun, ContractRecord] | None:
        """The latest run that checked ``contract``, with what it recorded of it."""
        r = self.db.execute(
            "SELECT r.run_id, r.seq, r.as_of, c.as_of, c.as_of_day, c.input_digest, c.input_files, "
            "c.findings_file, c.summary FROM runs r JOIN run_contracts c ON c.run_id = r.run_id "
            "WHERE c.contract = ? ORDER BY r.seq DESC LIMIT 1", (contract,)).fetchone()
        if r is None:
            return None
        return PastRun(r[0], r[1], r[2]), ContractRecord(contract, r[3], r[4], r[5], r[6], r[7], json.loads(r[8]))

    def findings_of(self, run_id: str, contract: str, keys: Iterable[str] = ()) -> dict[str, PastFinding]:
        """The findings a run recorded of ``contract``, without their text (:meth:`body_of`): every
        one recorded with its text and, of the passes a version-2 run recorded by key alone
        (millions at a million records, never loaded whole), those of ``keys``. The passes of
        :meth:`insert_passes` are not findings here: a pass that was never a violation has no
        first-seen day to carry over."""
        out = {row[0]: PastFinding(*row) for row in self.db.execute(
            "SELECT key, status, change, first_seen FROM findings WHERE run_id = ? AND contract = ? "
            "AND NOT (status = 'pass' AND body = '') ORDER BY key", (run_id, contract))}
        # (a run that recorded its passes in run_passes has no rows of them to look up)
        wanted = [] if self._has_passes(run_id, contract) else [k for k in dict.fromkeys(keys) if k not in out]
        for i in range(0, len(wanted), 500):  # (SQLite's limit on a statement's parameters)
            chunk = wanted[i:i + 500]
            out.update((row[0], PastFinding(*row)) for row in self.db.execute(
                "SELECT key, status, change, first_seen FROM findings WHERE run_id = ? AND contract = ? "
                f"AND key IN ({', '.join('?' * len(chunk))})", (run_id, contract, *chunk)))
        return dict(sorted(out.items()))

    def _has_passes(self, run_id: str, contract: str) -> bool:
        return self.db.execute("SELECT 1 FROM run_passes WHERE run_id = ? AND contract = ?",
                               (run_id, contract)).fetchone() is not None

    def passes_of(self, run_id: str, contract: str) -> Iterator[str]:
        """The keys of the passes :meth:`insert_passes` recorded of ``contract`` in a run, in their
        order (none for a run that recorded none, or recorded them as rows: version 2), read a
        chunk at a time."""
        row = self.db.execute("SELECT keys FROM run_passes WHERE run_id = ? AND contract = ?",
                              (run_id, contract)).fetchone()
        if row is None:
            return
        d, blob, rest = zlib.decompressobj(), row[0], b""

        def pieces() -> Iterator[bytes]:
            for i in range(0, len(blob), 1 << 16):
                yield d.decompress(blob[i:i + (1 << 16)])
            yield d.flush()

        for data in pieces():
            *lines, rest = (rest + data).split(b"\n")
            for line in lines:
                yield from json.loads(line)
        if rest or not d.eof:
            raise HistoryError(f"history database {self.path}: the passes of run {run_id} ({contract}) are cut short")

    def body_of(self, run_id: str, key: str) -> str:
        """A recorded finding's text (the RunFinding as JSON; "" for a pass recorded by key alone)."""
        row = self.db.execute("SELECT body FROM findings WHERE run_id = ? AND key = ?", (run_id, key)).fetchone()
        if row is None:
            raise KeyError(f"{run_id}: no finding {key}")
        return row[0]

    def ever_open(self, contract: str) -> set[str]:
        """Keys of ``contract`` that were a violation (fail or waived) in some recorded run."""
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT key FROM findings WHERE contract = ? AND status IN ('fail', 'waived')", (contract,))}

    def open_counts(self) -> list[tuple[str, int, str, str, str, int]]:
        """(run_id, seq, contract as-of day, contract, topic, open violations) of every recorded run,
        oldest first: the fails that are new, still open or regressed (waived ones are not open),
        and for each contract a run recorded findings of, a row (…, None, 0)."""
        # the open ones are counted from the index of violations (findings_open: the query must
        # repeat its condition, status IN ('fail', 'waived'), for SQLite to use it; status = 'fail'
        # alone scans the table), and a contract's run with none still has its row (topic None,
        # 0): the trend's points of 0
        return list(self.db.execute(
            "SELECT r.run_id, r.seq, c.as_of_day, c.contract, f.topic, COUNT(*) "
            "FROM runs r JOIN run_contracts c ON c.run_id = r.run_id "
            "JOIN findings f ON f.run_id = r.run_id AND f.contract = c.contract "
            "WHERE f.status IN ('fail', 'waived') AND f.status = 'fail' AND f.change IN ('new', 'still_open', 'regressed') "
            "GROUP BY r.run_id, c.contract, f.topic "
            "UNION ALL "
            "SELECT r.run_id, r.seq, c.as_of_day, c.contract, NULL, 0 "
            "FROM runs r JOIN run_contracts c ON c.run_id = r.run_id "
            # (a key begins with its contract and '/': the primary key finds the first at once)
            "WHERE EXISTS (SELECT 1 FROM findings f WHERE f.run_id = r.run_id AND f.key >= c.contract || '/' "
            "AND f.key < c.contract || '0' AND f.contract = c.contract) "
            "OR EXISTS (SELECT 1 FROM run_passes p WHERE p.run_id = r.run_id AND p.contract = c.contract) "
            "ORDER BY 2, 4, 5"))

    def contracts_of(self, run_id: str) -> list[tuple[str, str]]:
        return list(self.db.execute("SELECT contract, as_of FROM run_contracts WHERE run_id = ? ORDER BY contract",
                                    (run_id,)))

    # --------------------------------------------------------------------------------- writes

    def delete_run(self, run_id: str) -> None:
        self.db.execute("DELETE FROM runs WHERE run_id = ?", (run_id,))  # cascades

    def insert_run(self, run_id: str, as_of: str, config: str, config_digest: str,
                   previous_run_id: str | None) -> None:
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM runs").fetchone()[0]
        self.db.execute(
            "INSERT INTO runs (run_id, seq, as_of, config, config_digest, previous_run_id, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (run_id, seq, as_of, config, config_digest, previous_run_id,
             datetime.now(UTC).isoformat(timespec="seconds")))

    def insert_contract(self, run_id: str, rec: ContractRecord) -> None:
        self.db.execute(
            "INSERT INTO run_contracts (run_id, contract, as_of, as_of_day, input_digest, input_files, "
            "findings_file, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, rec.contract, rec.as_of, rec.as_of_day, rec.input_digest, rec.input_files, rec.findings_file,
             json.dumps(rec.summary, ensure_ascii=False, sort_keys=True)))

    def insert_findings(self, run_id: str, contract: str, rows: Iterable[dict[str, Any]]) -> None:
        """``rows``: a stream (millions of passes), each a dict of the columns after contract."""
        cells = itemgetter(*_FINDING_COLUMNS)  # a row's values in column order, at C speed
        self.db.executemany(
            f"INSERT INTO findings (run_id, contract, {', '.join(_FINDING_COLUMNS)}) "
            f"VALUES (?, ?{', ?' * len(_FINDING_COLUMNS)})",
            ((run_id, contract, *cells(r)) for r in rows))

    def insert_passes(self, run_id: str, contract: str, keys: Iterable[str]) -> int:
        """The passes no report shows, by key (``keys``: a stream, millions at a million records),
        as one compressed row for the run and contract, written a chunk at a time: each chunk of
        keys a JSON array on a line of its own (a key may hold any character; JSON text holds no
        raw newline), the lines zlib-compressed (level 1: 3M keys in about a second, their 125 MB
        of text in about 8 MB). Returns how many keys."""
        z = zlib.compressobj(1)
        parts: list[bytes] = []
        n = 0
        it = iter(keys)
        while chunk := list(itertools.islice(it, 10_000)):
            n += len(chunk)
            parts.append(z.compress((json.dumps(chunk, ensure_ascii=False, separators=(",", ":")) + "\n").encode()))
        parts.append(z.flush())
        self.db.execute("INSERT INTO run_passes (run_id, contract, count, keys) VALUES (?, ?, ?, ?)",
                        (run_id, contract, n, b"".join(parts)))
        return n
