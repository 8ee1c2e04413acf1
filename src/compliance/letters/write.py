"""Writing drafted letters: each takes the next 文号 from the sequence, is rendered in every
format asked and written atomically; the number is recorded only once its files are written."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..fsutil import write_atomic
from .model import Letter
from .numbers import Sequence
from .render import TemplateSet, cjk_fonts, render_docx, render_html, render_md, render_pdf
from .settings import NoticeSettings

DEFAULT_PATTERN = "〔{year}〕{n}号"


@dataclass
class Written:
    letter: Letter
    number: str  # the 文号
    files: list[Path]
    timings: list[str]  # "pdf 0.61 s" per format


def write_letters(letters: list[Letter], formats: list[str], folder: Path, settings: NoticeSettings,
                  templates: TemplateSet, notes: list[str] | None = None) -> list[Written]:
    """Render and write each letter into ``folder`` as ``<contract>.notice-<year>-<n>.<format>``;
    what the caller should say (a new number sequence) is appended to ``notes``."""
    notes = notes if notes is not None else []
    if "pdf" in formats:
        cjk_fonts()  # a missing CJK font is an error before any number is taken
    pattern = settings.number_pattern or DEFAULT_PATTERN
    path = settings.sequence_path(folder)
    if not path.exists() and settings.sequence_file is None:
        notes.append(f"a new 文号 sequence was started at {path}: letters written into another folder start their "
                     "own; give sequence_file: in the settings to share one sequence")
    seq = Sequence(path)
    out: list[Written] = []
    try:
        for letter in letters:
            with seq.transaction():
                number = seq.take(pattern, letter.letter_date.year, settings.next_number)
                ctx = letter.context(number.text)
                stem = f"{letter.contract}.notice-{number.year}-{number.n}"
                files, timings = [], []
                for fmt in formats:
                    t0 = time.perf_counter()
                    data: str | bytes = (render_docx(ctx, templates) if fmt == "docx"
                                         else render_pdf(ctx, templates) if fmt == "pdf"
                                         else render_html(ctx, templates) if fmt == "html"
                                         else render_md(ctx, templates))
                    target = folder / f"{stem}.{fmt}"
                    write_atomic(target, data)
                    files.append(target)
                    timings.append(f"{fmt} {time.perf_counter() - t0:.2f} s")
                seq.record(number, pattern, letter.contract, letter.vendor, letter.letter_date.isoformat(),
                           [str(f) for f in files])
            out.append(Written(letter, number.text, files, timings))
    finally:
        seq.close()
    return out
