"""Benchmark: rectification-notice letters (compliance notice) for every contract's sample findings,
seconds per letter in each format (docx, pdf, html, md).

Run: .venv/bin/python bench/bench_letters.py [--repeat N] [--only ID,ID] [--samples-dir DIR]

Each sample is checked as samples/<id>.expected.json says (`compliance check … --format json`, in
a child process, not timed), its letter drafted with samples/notice-settings.yaml and dated on the
sample's as-of day. The three samples checked as of 2026-12-31 need 2027 holiday data for their
deadline: tests/data/calendar (a TEST FIXTURE, not an official notice) is loaded for them, which
changes nothing in the timings. Then, in this process:

- ``import weasyprint`` and the first PDF letter (cold: fontconfig, Pango font sets, the fonts'
  first use) are timed once;
- every format of every letter is rendered ``--repeat`` times (warm); the best and the median of
  each are printed, with the PDF's pages and size.

Prints timings only (no asserts). Wall time (time.perf_counter) and, for the PDF, CPU time of
this process (time.process_time) beside it: on a shared machine the CPU time is the steadier one.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("docx", "pdf", "html", "md")


def check_sample(spec_path: Path, out: Path) -> Path:
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    args = [sys.executable, "-m", "compliance", "check", str(ROOT / spec["ruleset"]), str(ROOT / spec["records"]),
            "--as-of", spec["as_of"], "--format", "json", "-o", str(out)]
    if spec.get("map"):
        args += ["--map", str(ROOT / spec["map"])]
    r = subprocess.run(args, capture_output=True, text=True, check=False)
    if r.returncode not in (0, 1):
        raise SystemExit(f"compliance check {spec_path.name} failed ({r.returncode}): {r.stderr}")
    return out


def pdf_pages(pdf: bytes) -> str:
    """The page count by poppler's pdfinfo (the PDF's objects are compressed), or "?" without it."""
    try:
        out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=False).stdout.decode()
    except OSError:
        return "?"
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return m.group(1) if m else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="warm renderings of each format per letter")
    ap.add_argument("--only", default="", help="comma-separated sample ids (default: every samples/*.expected.json)")
    args = ap.parse_args()

    from compliance.letters.model import build_letters
    from compliance.letters.render import TemplateSet, render_docx, render_html, render_md, render_pdf
    from compliance.letters.settings import load_settings
    from compliance.render.jsonfmt import load
    from compliance.rulesets import load_ruleset
    from compliance.workdays import WorkCalendar

    specs = sorted((ROOT / "samples").glob("*.expected.json"))
    if args.only:
        wanted = set(args.only.split(","))
        specs = [s for s in specs if s.name.removesuffix(".expected.json") in wanted]
    settings = load_settings(ROOT / "samples" / "notice-settings.yaml")
    ts = TemplateSet()
    cal = WorkCalendar.load([ROOT / "tests" / "data" / "calendar"], use_env=False)
    renderers = {"docx": render_docx, "pdf": render_pdf, "html": render_html, "md": render_md}

    contexts = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec_path in specs:
            sid = spec_path.name.removesuffix(".expected.json")
            spec = json.loads(spec_path.read_text(encoding="utf-8"))
            report = load(check_sample(spec_path, Path(tmp) / f"{sid}.json").read_bytes())
            rs = load_ruleset(ROOT / spec["ruleset"])
            letters, _left_out = build_letters([report], {sid: rs}, settings, date.fromisoformat(spec["as_of"]), cal)
            for letter in letters:
                contexts.append((sid, len(letter.violations), letter.context(f"政务云整改〔{letter.letter_date.year}〕1号")))

    t0 = time.perf_counter()
    import weasyprint  # noqa: F401

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    render_pdf(contexts[0][2], ts)
    t_first = time.perf_counter() - t0
    print(f"import weasyprint: {t_import:.2f} s; first PDF letter ({contexts[0][0]}, cold): {t_first:.2f} s")

    print(f"\nseconds per letter, warm, best / median of {args.repeat}")
    print(f"{'contract':12} {'viol.':>5} " + " ".join(f"{f:>13}" for f in FORMATS) + f" {'pdf cpu':>8} {'pages':>5} {'pdf KB':>7}")
    all_best: dict[str, list[float]] = {f: [] for f in FORMATS}
    cpu_best = []
    for sid, n, ctx in contexts:
        cells = []
        for fmt in FORMATS:
            walls, cpus = [], []
            for _ in range(args.repeat):
                w0, c0 = time.perf_counter(), time.process_time()
                data = renderers[fmt](ctx, ts)
                walls.append(time.perf_counter() - w0)
                cpus.append(time.process_time() - c0)
            all_best[fmt].append(min(walls))
            cells.append(f"{min(walls):6.3f}/{statistics.median(walls):6.3f}")
            if fmt == "pdf":
                pdf, pdf_cpu = data, min(cpus)
                cpu_best.append(pdf_cpu)
        pages = pdf_pages(pdf)
        print(f"{sid:12} {n:5d} " + " ".join(f"{c:>13}" for c in cells) + f" {pdf_cpu:8.3f} {pages:>5} {len(pdf) / 1024:7.0f}")
    print(f"{'mean (best)':18} " + " ".join(f"{statistics.mean(all_best[f]):13.3f}" for f in FORMATS)
          + f" {statistics.mean(cpu_best):8.3f}")


if __name__ == "__main__":
    main()
