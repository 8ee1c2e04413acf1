"""The durable-rules backend: the same decision tables, compiled to durable-rules dict rulesets.

durable-rules 2.0.28, as measured on this machine (README, 'Two engine backends'), crashes in joins,
answers ``none()`` wrongly, loses facts to 32-bit hash collisions of their ids, swallows action
exceptions, caps live sessions and starts two threads per host. So this backend stays inside
the subset that measured safe, and checks its own results:

- **single-fact conditions only**: a row with ``exists`` (a join) or ``absent`` (an absence) is
  refused before anything is asserted; ``in`` is expanded into one rule per value, so no
  nested ``$or`` is ever compiled; no ``when_any``;
- **first hit by row index**: every row is its own rule (conditions are conjunctions); the
  actions record which rows matched each fact and the lowest row wins, as in the python
  backend;
- **one thread-less host per process** (the timer and dispatch threads are never started:
  every action runs inside ``assert_fact``), **one session per evaluation**, deleted afterwards;
- **actions bound by name** (``Host.get_action``); their exceptions are kept and re-raised to
  the caller after the assert;
- **hash collisions detected and retried**: a distinct fact rejected as "already observed"
  (its id's FNV-1a hash collides with an earlier one) is asserted again under a salted id;
- **every fact gets exactly one verdict**: a fact that no rule fired for, or a row that fired
  twice for one fact, fails the run with an EngineError — a lost fact never reads as a pass.

This is the only module that imports ``durable``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from typing import Any

from ..conditions import Test
from ..decisions import CompiledRule, Outcome
from ..kinds import Fact
from . import EngineError

INSTALL_HINT = (
    "the durable engine needs the optional extra: .venv/bin/pip install -e '.[durable]' "
    "(durable-rules 2.0.28 builds from source with gcc, and does not import on Python 3.13); "
    "the default --engine python needs nothing"
)
_ACTION_PREFIX = "compliance.verdict:"
_MAX_SALT = 8


class DurableUnavailable(EngineError):
    """durable-rules is not installed (or cannot be imported on this Python)."""


class UnsafeRule(EngineError):
    """A rule outside durable-rules' safe subset (a join or an absence)."""


def _engine_module():
    try:
        from durable import engine
    except ImportError as exc:  # not installed, or built against a Python it cannot load on
        raise DurableUnavailable(f"{INSTALL_HINT} ({exc})") from None
    return engine


_HOST = None
_LOCK = threading.Lock()  # one evaluation at a time uses the process's host


def _host():
    """The process's single durable-rules host, created on first use, with no threads."""
    global _HOST
    if _HOST is None:
        engine = _engine_module()

        class ThreadlessHost(engine.Host):
            def __init__(self) -> None:
                self.collector: _Collector | None = None
                super().__init__()

            def _run(self) -> None:
                """durable's Host starts two timer threads here that never stop; every action
                we use runs synchronously inside assert_fact, so none are needed."""

            def get_action(self, action_name: str):
                if not action_name.startswith(_ACTION_PREFIX):
                    raise EngineError(f"durable-rules asked for an unknown action {action_name!r}")
                row = int(action_name[len(_ACTION_PREFIX):].rsplit(":", 1)[1])

                def action(c) -> None:
                    collector = self.collector
                    try:
                        collector.record(c.m["id"], row)
                    except BaseException as exc:  # durable would log and swallow it
                        if collector is not None:
                            collector.errors.append(exc)
                        raise

                return action

        _HOST = ThreadlessHost()
    return _HOST


class _Collector:
    """What the actions of one evaluation saw: the rows each fact matched."""

    def __init__(self) -> None:
        self.matches: dict[str, list[int]] = {}
        self.errors: list[BaseException] = []

    def record(self, fact_id: str, row: int) -> None:
        self.matches.setdefault(fact_id, []).append(row)


def _condition(tests: tuple[Test, ...], obligation: str) -> list[dict[str, Any]]:
    """One rule's conjunction per alternative (``in`` expands into alternatives)."""
    base: list[dict[str, Any]] = [{"obligation": obligation}]
    alternatives: list[list[dict[str, Any]]] = [[]]
    for t in tests:
        f, v = t.field, t.operand
        if t.op == "in":
            alternatives = [alt + [{f: o}] for alt in alternatives for o in v]
            continue
        if t.op == "eq":
            term = [{f: v}]
        elif t.op == "ne":
            term = [{"$neq": {f: v}}]
        elif t.op == "not_in":
            term = [{"$neq": {f: o}} for o in v]
        elif t.op == "is_null":
            term = [{"$nex" if v else "$ex": {f: 1}}]
        else:
            term = [{{"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}[t.op]: {f: v}}]
        alternatives = [alt + term for alt in alternatives]
    return [{"$and": base + alt} if alt else base[0] for alt in alternatives]


def compile_tables(tables: dict[str, tuple[CompiledRule, ...]]) -> dict[str, Any]:
    """The dict ruleset for durable-rules; raises UnsafeRule outside the safe subset."""
    unsafe = [
        f"{oid} row {i + 1}: {'a join (exists)' if row.exists else 'an absence (absent)'}"
        for oid, rows in tables.items() for i, row in enumerate(rows) if not row.single_fact
    ]
    if unsafe:
        raise UnsafeRule(
            "the durable engine runs single-fact conditions only (joins crash it and absences "
            "give wrong answers, see the README); these rows need --engine python: "
            + "; ".join(unsafe)
        )
    definition: dict[str, Any] = {}
    for oi, (oid, rows) in enumerate(sorted(tables.items())):
        for ri, row in enumerate(rows):
            for ai, cond in enumerate(_condition(row.tests, oid)):
                definition[f"o{oi}_r{ri}_a{ai}"] = {"all": [{"m": cond}], "run": f"{_ACTION_PREFIX}{oi}:{ri}"}
    return definition


_REGISTERED: dict[str, str] = {}
_SESSIONS = itertools.count(1)


def _ruleset_name(definition: dict[str, Any]) -> str:
    """Register each distinct compiled ruleset once per process; its name is its hash."""
    text = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    name = "compliance_" + hashlib.sha256(text.encode()).hexdigest()[:16]
    if name not in _REGISTERED:
        _host().register_rulesets({name: json.loads(text)})
        _REGISTERED[name] = text
    return name


def _payload(fact: Fact, fid: str, sid: str) -> dict[str, Any]:
    body = {k: v for k, v in fact.values.items() if v is not None}  # absent = null, as in python
    body.update(id=fid, sid=sid, obligation=fact.obligation)
    return body


class DurableBackend:
    name = "durable"

    def __init__(self, fact_id=lambda n: f"f{n}") -> None:
        self.fact_id = fact_id  # the id each fact is asserted under (tests pass colliding ones)
        self.collisions = 0  # retried hash collisions of the last evaluation

    def evaluate(self, tables: dict[str, tuple[CompiledRule, ...]], facts: list[Fact]) -> list[Outcome]:
        definition = compile_tables(tables)  # refuse unsafe rules before touching durable
        # every rule here reads one fact alone, so a verdict depends on the obligation and the
        # values only: facts sharing a values dict (kinds.base.LazyFact) are asserted once
        distinct: dict[tuple[str, int], int] = {}
        unique: list[Fact] = []
        index: list[int] = []
        for fact in facts:
            key = (fact.obligation, id(fact.values))
            j = distinct.get(key)
            if j is None:
                j = distinct[key] = len(unique)
                unique.append(fact)
            index.append(j)
        verdicts = self._decide(definition, tables, unique)
        return [verdicts[j] for j in index]

    def _decide(self, definition: dict[str, Any], tables: dict[str, tuple[CompiledRule, ...]],
                facts: list[Fact]) -> list[Outcome]:
        engine = _engine_module()
        with _LOCK:
            host = _host()
            name = _ruleset_name(definition)
            sid = f"run{next(_SESSIONS)}"
            collector = host.collector = _Collector()
            ids: list[str] = []
            self.collisions = 0
            try:
                for n, fact in enumerate(facts):
                    ids.append(self._assert(host, engine, name, sid, fact, self.fact_id(n)))
                    if collector.errors:
                        raise EngineError(f"a durable-rules action failed: {collector.errors[0]!r}") from collector.errors[0]
            finally:
                host.collector = None
                try:
                    host.delete_state(name, sid)
                except Exception:  # a session that never got a fact has no state
                    pass
        return self._verdicts(tables, facts, ids, collector)

    def _assert(self, host, engine, name: str, sid: str, fact: Fact, fid: str) -> str:
        for salt in range(_MAX_SALT):
            candidate = fid if salt == 0 else f"{fid}~{salt}"
            try:
                host.assert_fact(name, _payload(fact, candidate, sid))
                return candidate
            except engine.MessageObservedException:
                self.collisions += 1  # another fact's id hashes the same: salt and retry
            except engine.MessageNotHandledException:
                return candidate  # no rule matched: caught by the verdict count below
        raise EngineError(f"durable-rules rejected fact {fid} of {fact.obligation} {_MAX_SALT} times as already observed")

    @staticmethod
    def _verdicts(tables, facts: list[Fact], ids: list[str], collector: _Collector) -> list[Outcome]:
        out = []
        lost = []
        for fact, fid in zip(facts, ids):
            rows = collector.matches.get(fid)
            if not rows:
                lost.append(f"{fact.obligation} {list(fact.event_ids) or fact.period}")
                continue
            if len(rows) != len(set(rows)):
                raise EngineError(f"durable-rules fired one rule twice for a fact of {fact.obligation}")
            out.append(tables[fact.obligation][min(rows)].then)
        if lost or len(out) != len(facts):
            raise EngineError(f"durable-rules gave no verdict for {len(lost)} of {len(facts)} facts "
                              f"(e.g. {', '.join(lost[:3])}); the run is void")
        return out
