"""Hostile cases that cannot be plain files in git: made at test time, in a copy of the journal.

A case ``NAME.json`` with ``"build": "fifo"`` calls ``fifo(journal, scratch)``:
``journal`` is the copy of the sample journal the commands will read,
``scratch`` a private folder outside it (for secrets "outside the journal").
A builder returns what the test must check beyond the case file: strings that
must appear in no output (``absent``) and files that must never come into being
(``never_created``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

NOTE = "journal/2026/09/2026-09-03.md"
BODY = "# Thursday\n\n- [x] Write the scene #writing\n- [x] Walk to the park #walk\n"
DEEP = 30_000  # libyaml's composer recursed into a segfault at ~25,000 levels

Builder = Callable[[Path, Path], dict[str, Any]]
BUILDERS: dict[str, Builder] = {}


def builder(func: Builder) -> Builder:
    BUILDERS[func.__name__] = func
    return func


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _note_with_front_matter(journal: Path, yaml_text: str) -> None:
    _write(journal / NOTE, "---\n" + yaml_text + "---\n" + BODY)


@builder
def flow_nesting(journal: Path, scratch: Path) -> dict[str, Any]:
    _note_with_front_matter(journal, "mood: " + "[" * DEEP + "]" * DEEP + "\n")
    return {}


@builder
def block_nesting(journal: Path, scratch: Path) -> dict[str, Any]:
    _note_with_front_matter(journal, "mood:\n  " + "- " * DEEP + "x\n")
    return {}


@builder
def complex_key_nesting(journal: Path, scratch: Path) -> dict[str, Any]:
    _note_with_front_matter(journal, "? " * DEEP + "x\n")
    return {}


@builder
def quoted_bracket_nesting(journal: Path, scratch: Path) -> dict[str, Any]:
    # Every level opens with '[' and holds a "]" string: a count of brackets sees depth 1.
    _note_with_front_matter(journal, "mood: " + '["]", ' * DEEP + "x" + "]" * DEEP + "\n")
    return {}


@builder
def indent_nesting(journal: Path, scratch: Path) -> dict[str, Any]:
    _note_with_front_matter(journal, "".join(" " * i + "k:\n" for i in range(700)))
    return {}


@builder
def huge_front_matter(journal: Path, scratch: Path) -> dict[str, Any]:
    line = "  - " + "a small true win, written down " * 3 + "\n"
    _note_with_front_matter(journal, "evidence:\n" + line * (1024 * 1024 // len(line)))
    return {}


def _sample_config(journal: Path) -> str:
    return (journal / "mdgoals.yaml").read_text(encoding="utf-8")


@builder
def config_deep_nesting(journal: Path, scratch: Path) -> dict[str, Any]:
    _write(journal / "mdgoals.yaml", "goals:\n  " + "- " * DEEP + "x\n")
    return {}


@builder
def config_start_year_0001(journal: Path, scratch: Path) -> dict[str, Any]:
    text = _sample_config(journal)
    assert "    start: 2026-08-31" in text
    _write(journal / "mdgoals.yaml", text.replace("    start: 2026-08-31", "    start: 0001-01-01", 1))
    return {}


@builder
def config_hostile_titles(journal: Path, scratch: Path) -> dict[str, Any]:
    text = _sample_config(journal)
    hostile = r'"<script>alert(1)</script> {{ \"zq\" ~ \"xj\" }} {% for x in \"ab\" %}qz{% endfor %} \e[31mred\e[0m"'
    for old in ("title: Write 350 words", "title: Walk 20 minutes"):
        assert old in text
        text = text.replace(old, f"title: {hostile}", 1)
    _write(journal / "mdgoals.yaml", text)
    return {"absent": ["zqxj", "qzqz"]}


@builder
def note_50mb(journal: Path, scratch: Path) -> dict[str, Any]:
    block = ("- [x] Write the scene #writing\n" * 4096).encode("utf-8")
    path = _write(journal / NOTE, b"")
    with path.open("wb") as f:
        while f.tell() < 50 * 1024 * 1024:
            f.write(block)
    return {}


@builder
def fifo(journal: Path, scratch: Path) -> dict[str, Any]:
    (journal / NOTE).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(journal / NOTE)
    return {}


@builder
def dev_zero(journal: Path, scratch: Path) -> dict[str, Any]:
    (journal / NOTE).parent.mkdir(parents=True, exist_ok=True)
    os.symlink("/dev/zero", journal / NOTE)
    return {}


SECRET_NOTE = "# Private\n\n- [x] Write SECRET-OUTSIDE-4e7a #writing\n\n## Evidence\n- SECRET-OUTSIDE-4e7a evidence\n"


@builder
def outside_file(journal: Path, scratch: Path) -> dict[str, Any]:
    secret = _write(scratch / "outside" / "2026-09-03.md", SECRET_NOTE)
    os.symlink(os.path.relpath(secret, (journal / NOTE).parent), journal / NOTE)
    return {"absent": ["SECRET-OUTSIDE-4e7a"]}


@builder
def outside_folder(journal: Path, scratch: Path) -> dict[str, Any]:
    _write(scratch / "outside" / "12" / "2025-12-01.md", SECRET_NOTE)
    _write(scratch / "outside" / "12" / "2025-12-02.md", SECRET_NOTE)
    (journal / "journal" / "2025").mkdir(parents=True)
    os.symlink(scratch / "outside", journal / "journal" / "2025" / "12")
    return {"absent": ["SECRET-OUTSIDE-4e7a"]}


@builder
def folder_loop(journal: Path, scratch: Path) -> dict[str, Any]:
    os.symlink("..", journal / "journal" / "2026" / "loop")
    os.symlink("b", journal / "journal" / "a")
    os.symlink("a", journal / "journal" / "b")
    return {}


@builder
def file_loop(journal: Path, scratch: Path) -> dict[str, Any]:
    folder = journal / "journal" / "2026" / "09"
    os.symlink("2026-09-19.md", folder / "2026-09-03.md")
    os.symlink("2026-09-03.md", folder / "2026-09-19.md")
    return {}


@builder
def unreadable_file(journal: Path, scratch: Path) -> dict[str, Any]:
    path = _write(journal / NOTE, BODY)
    path.chmod(0)
    return {"unreadable": [str(path)]}


@builder
def unreadable_folder(journal: Path, scratch: Path) -> dict[str, Any]:
    _write(journal / "journal" / "2025" / "12" / "2025-12-01.md", BODY)
    folder = journal / "journal" / "2025"
    folder.chmod(0)
    return {"unreadable": [str(folder)]}


@builder
def vanishing_note(journal: Path, scratch: Path) -> dict[str, Any]:
    _write(journal / NOTE, BODY)
    return {"vanish": NOTE}


# File names a terminal or a browser would act on: a newline, ANSI colour and title escapes, HTML.
CONTROL_NAMES = (
    "journal/2026/09/2026-09-03 \x1b[31mred\x1b[0m.md",
    "journal/2026/09/2026-09-19 line\nbreak.md",
    "journal/2026/10/2026-10-03 <img src=x onerror=alert(1)>.md",
    "journal/inbox/\x1b]0;pwned\x07 \r\x08.md",
)


@builder
def control_names(journal: Path, scratch: Path) -> dict[str, Any]:
    for name in CONTROL_NAMES:
        _write(journal / name, "---\nmood: [1, 2\n---\n" + BODY)
    return {}


@builder
def template_symlink(journal: Path, scratch: Path) -> dict[str, Any]:
    secret = _write(scratch / "outside" / "id_rsa", "-----BEGIN KEY----- SECRET-TEMPLATE-77aa\n")
    (journal / ".mdgoals" / "templates").mkdir(parents=True)
    os.symlink(secret, journal / ".mdgoals" / "templates" / "style.css")
    return {"absent": ["SECRET-TEMPLATE-77aa"]}


@builder
def template_code(journal: Path, scratch: Path) -> dict[str, Any]:
    from mdgoals import templates_dir

    proof = scratch / "pwned"
    base = (templates_dir() / "base.html").read_text(encoding="utf-8")
    attack = "{{ cycler.__init__.__globals__.os.system('touch " + str(proof) + "') }}"
    _write(journal / ".mdgoals" / "templates" / "base.html", attack + "\n" + base)
    return {"never_created": [str(proof)]}


@builder
def vault_nested_json(journal: Path, scratch: Path) -> dict[str, Any]:
    # Zero config: the Obsidian settings say where the notes are; the plugins' settings are a bomb.
    (journal / "mdgoals.yaml").unlink()
    bomb = "[" * 200_000 + "]" * 200_000
    _write(journal / ".obsidian" / "daily-notes.json", '{"folder": "journal", "format": "YYYY/MM/YYYY-MM-DD"}')
    _write(journal / ".obsidian" / "community-plugins.json", bomb)
    _write(journal / ".obsidian" / "plugins" / "periodic-notes" / "data.json", bomb)
    return {}


@builder
def vault_huge_logseq_config(journal: Path, scratch: Path) -> dict[str, Any]:
    (journal / "mdgoals.yaml").unlink()
    _write(journal / "logseq" / "config.edn", '{:journals-directory "journal" :x "' + "a" * 2_000_000 + '"}\n')
    _write(journal / "journals" / "2026_11_20.md", "- DONE Write the scene #writing\n")
    return {}


@builder
def many_tasks(journal: Path, scratch: Path) -> dict[str, Any]:
    # Half the size cap: 30,000 distinct tasks, tags and evidence fields, all moved to the next day.
    lines = (f"- [x] Write scene n{i} #writing #t{i} ✅ 2026-09-04 evidence:: e{i}\n" for i in range(30_000))
    _write(journal / NOTE, "".join(lines))
    return {}
