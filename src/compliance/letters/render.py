"""Letters rendered: DOCX (docxtpl), PDF (WeasyPrint from the HTML), HTML and Markdown previews.

Templates live in the top-level ``templates/notice/`` folder: ``letter.html.j2`` (with
``letter.css`` inlined, also the PDF's source), ``letter.md.j2`` and ``letter.docx`` (built by
:mod:`compliance.letters.docx_template` when missing). A ``--template DIR`` a user supplies may
replace any of them; its templates run in Jinja2's ``SandboxedEnvironment``.

Every value is escaped: autoescape is forced on for HTML (Jinja2's ``select_autoescape`` would
not escape a template named ``letter.html.j2``) and for DOCX (docxtpl's default is off, which
turns ``A&B`` into ``A`` and lets ``</w:t>`` break the document); Markdown output escapes the
characters Markdown reads. ``StrictUndefined`` everywhere: a missing value is an error.
"""

from __future__ import annotations

import ctypes.util
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..errors import ComplianceError
from ..fsutil import normalize_zip

FORMATS = ("docx", "pdf", "html", "md")
DEFAULT_TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "notice"


class RenderError(ComplianceError):
    """A letter cannot be rendered (exit status 2)."""


# --------------------------------------------------------------------------------------------
# Templates


@dataclass(frozen=True)
class TemplateSet:
    """Where each template file comes from: the user's folder first, then the shipped one."""

    user_dir: Path | None = None
    default_dir: Path = DEFAULT_TEMPLATES

    def path(self, name: str) -> tuple[Path, bool]:
        """(path, supplied by the user)"""
        if self.user_dir is not None and (self.user_dir / name).is_file():
            return self.user_dir / name, True
        p = self.default_dir / name
        if not p.is_file() and name == "letter.docx":
            from .docx_template import build_template

            build_template(p)
        if not p.is_file():
            raise RenderError(f"template {name} not found in {self.user_dir or ''} {self.default_dir}".replace("  ", " "))
        return p, False

    def env(self, name: str, *, markdown: bool = False) -> tuple[Environment, str]:
        path, user = self.path(name)
        folders = [str(path.parent)] + ([str(self.default_dir)] if path.parent != self.default_dir else [])
        cls = SandboxedEnvironment if user else Environment
        kw: dict[str, Any] = dict(loader=FileSystemLoader(folders), undefined=StrictUndefined,
                                  keep_trailing_newline=True)
        if markdown:
            env = cls(autoescape=False, finalize=md_escape, **kw)
        else:
            env = cls(autoescape=True, **kw)  # forced on, whatever the template's name
        return env, path.name


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")


def md_escape(v: Any) -> str:
    """A value as Markdown text that shows it literally: the characters Markdown reads
    backslash-escaped, line breaks as spaces (the values sit in table cells)."""
    if isinstance(v, Markup):
        v = str(v)
    s = "" if v is None else str(v)
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\r\n|\r|\n", " ", s))


def md_unescape(s: str) -> str:
    """What a Markdown reader shows for text escaped by :func:`md_escape` (for tests)."""
    return re.sub(r"\\([\\`*_\[\]<>|&~#])", r"\1", s)


def _render(ts: TemplateSet, name: str, ctx: dict[str, Any], *, markdown: bool = False) -> str:
    env, tname = ts.env(name, markdown=markdown)
    try:
        return env.get_template(tname).render(ctx)
    except TemplateError as e:
        raise RenderError(f"template {name}: {type(e).__name__}: {e}") from e


def render_html(ctx: dict[str, Any], ts: TemplateSet) -> str:
    """The HTML preview, self-contained (``letter.css`` inlined)."""
    return _render(ts, "letter.html.j2", {**ctx, "embed_css": True})


def render_md(ctx: dict[str, Any], ts: TemplateSet) -> str:
    return _render(ts, "letter.md.j2", ctx, markdown=True)


# --------------------------------------------------------------------------------------------
# PDF


_CJK_FONTS: list[str] | None = None


def cjk_fonts() -> list[str]:
    """The CJK font families fontconfig knows (``fc-list :lang=zh family``); an error naming the
    package when there are none — WeasyPrint would print tofu boxes without a word."""
    global _CJK_FONTS
    if _CJK_FONTS is None:
        fc = shutil.which("fc-list")
        if fc is None:
            raise RenderError("PDF letters need fontconfig and a CJK font: fc-list not found; install the Debian "
                              "packages fontconfig and fonts-noto-cjk (scripts/setup-pdf.sh)")
        out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
        fams = sorted({f.strip() for line in out.splitlines() for f in line.split(",") if f.strip()})
        if not fams:
            raise RenderError("PDF letters need a CJK font and fontconfig finds none (fc-list :lang=zh lists nothing): "
                              "install the Debian package fonts-noto-cjk (scripts/setup-pdf.sh); a PDF without one "
                              "would print boxes instead of Chinese")
        _CJK_FONTS = fams
    return _CJK_FONTS


def pdf_warnings() -> list[str]:
    out = []
    if ctypes.util.find_library("harfbuzz-subset") is None:
        out.append("libharfbuzz-subset0 is not installed: WeasyPrint falls back to a slow font subsetter "
                   "(seconds a letter); install it (scripts/setup-pdf.sh)")
    return out


_FONT_CONFIG: Any = None
_STYLESHEETS: dict[tuple[str, int, int], Any] = {}
_FONT_FACES: Any = None

# The free stand-ins for the office faces, named in letter.css after the office names: Fandol
# (Debian: texlive-lang-chinese) — FandolFang for 仿宋, FandolKai for 楷体, FandolHei for 黑体,
# FandolSong Bold for 小标宋 and FandolSong for 宋体 (page numbers). They sit outside fontconfig's
# folders, so the PDF's stylesheet points @font-face at the exact files. Each holds ~10,000
# glyphs (GB 2312 and more): WeasyPrint subsets one in a few milliseconds, where a face of the
# Noto CJK collections (65,535 glyphs) takes ~45 ms per letter. A character a Fandol face lacks
# comes from Noto CJK SC (fonts-noto-cjk, required), the next family in letter.css.
FANDOL_DIRS = (
    Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
    Path("/usr/share/fonts/opentype/fandol"),
    Path("/usr/local/share/fonts/fandol"),
)
FANDOL_FACES = (
    ("FandolFang", 400, "FandolFang-Regular.otf"),
    ("FandolKai", 400, "FandolKai-Regular.otf"),
    ("FandolHei", 400, "FandolHei-Regular.otf"),
    ("FandolSong", 400, "FandolSong-Regular.otf"),
    ("FandolSong", 700, "FandolSong-Bold.otf"),
)


def fandol_files() -> list[tuple[str, int, Path]]:
    """The Fandol faces found (family, weight, file), in FANDOL_FACES order; [] without them."""
    out = []
    for family, weight, name in FANDOL_FACES:
        found = next((d / name for d in FANDOL_DIRS if (d / name).is_file()), None)
        if found is not None:
            out.append((family, weight, found))
    return out


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as e:  # OSError: Pango missing
        raise RenderError(f"PDF letters need WeasyPrint and Pango: {e}; install the Python package weasyprint "
                          "(scripts/setup.sh) and the Debian packages libpango-1.0-0 libpangoft2-1.0-0 "
                          "(scripts/setup-pdf.sh)") from e
    return weasyprint


def _font_config() -> Any:
    """One WeasyPrint font configuration for the process: fontconfig is set up, the @font-face
    files are registered and Pango's font sets resolved once, not for every letter of a run."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def _font_faces() -> Any:
    """The PDF's @font-face rules for the Fandol files found (none: an empty stylesheet)."""
    global _FONT_FACES
    if _FONT_FACES is None:
        rules = [f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
                 for family, weight, path in fandol_files()]
        _FONT_FACES = _weasyprint().CSS(string="\n".join(rules), font_config=_font_config())
    return _FONT_FACES


def _stylesheet(ts: TemplateSet) -> Any:
    """``letter.css`` parsed once (per file and modification), shared by the letters of a run."""
    path, _user = ts.path("letter.css")
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    css = _STYLESHEETS.get(key)
    if css is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise RenderError(f"template letter.css ({path}): cannot read: {e}") from e
        css = _weasyprint().CSS(string=text, base_url=str(path.parent), font_config=_font_config())
        _STYLESHEETS[key] = css
    return css


def render_pdf(ctx: dict[str, Any], ts: TemplateSet) -> bytes:
    """The letter printed by WeasyPrint from the HTML template. With the shipped
    ``letter.html.j2`` the stylesheet is not inlined but parsed once and passed in (the same
    rules; an HTML preview inlines it); a user's ``letter.html.j2`` is printed as it is."""
    cjk_fonts()
    weasyprint = _weasyprint()
    _tpl, user_html = ts.path("letter.html.j2")
    base = ts.user_dir or ts.default_dir
    fc = _font_config()
    if user_html:
        html, sheets = render_html(ctx, ts), [_font_faces()]
    else:
        html, sheets = _render(ts, "letter.html.j2", {**ctx, "embed_css": False}), [_font_faces(), _stylesheet(ts)]
    return weasyprint.HTML(string=html, base_url=str(base)).write_pdf(stylesheets=sheets, font_config=fc)


# --------------------------------------------------------------------------------------------
# DOCX


def render_docx(ctx: dict[str, Any], ts: TemplateSet) -> bytes:
    from docxtpl import DocxTemplate

    path, user = ts.path("letter.docx")
    cls = SandboxedEnvironment if user else Environment
    env = cls(autoescape=True, undefined=StrictUndefined)
    tpl = DocxTemplate(str(path))
    try:
        tpl.render(ctx, jinja_env=env, autoescape=True)
    except TemplateError as e:
        raise RenderError(f"template letter.docx: {type(e).__name__}: {e}") from e
    buf = io.BytesIO()
    tpl.save(buf)
    # zip entry times fixed (the letter date), not the clock's: the same letter, the same bytes
    day = str(ctx.get("letter_date_iso") or "1980-01-01")
    y, m, d = (int(x) for x in day.split("-"))
    return normalize_zip(buf.getvalue(), (max(y, 1980), m, d, 0, 0, 0))


RENDERERS: dict[str, Callable[..., Any]] = {"html": render_html, "md": render_md, "docx": render_docx}
