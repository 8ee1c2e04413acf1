"""Rectification-notice letters (整改通知书) drafted from a saved findings JSON.

The pipeline, left to right, as the rest of the program:

``select.py``    which findings go into a letter, and why each other one is left out
``settings.py``  the sender's settings (YAML): 文号 pattern, contact, 抄送, rulings, confirmed defaults
``numbers.py``   the 文号 sequence in a small SQLite file, never repeated (BEGIN IMMEDIATE)
``model.py``     one letter as data: the violations with their clause quotes, the deadline counted
                 on the working-day calendar from the letter date, the texts of the 函 layout
``render.py``    DOCX (docxtpl), PDF (WeasyPrint), HTML and Markdown from the top-level
                 ``templates/notice/`` folder (or a user's folder, run in Jinja2's sandbox)

Nothing here reads the clock: the letter date is passed in by the CLI.
"""

from __future__ import annotations

from .model import Letter, LetterError, build_letters
from .select import Selection, select_findings
from .settings import NoticeSettings, load_settings

__all__ = ["Letter", "LetterError", "NoticeSettings", "Selection", "build_letters", "load_settings",
           "select_findings"]
