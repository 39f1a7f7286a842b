#!/usr/bin/env python3
"""Consistency checker for the cleaning evaluation set.

The scorer trusts the gold files blindly, so a typo in a gold paragraph or a
forgotten line would silently bias every figure.  This script re-derives, for
each gold file, which dump line every gold string comes from and fails if:

* a title / lead / body / caption string is not (a suffix of) a dump line
  (suffix, because outlet marks such as ``TGVN.`` or glued alt text are
  stripped from the start of a line, never from its end);
* body paragraphs are not in reading order;
* a non-blank line is accounted for zero times or more than once across
  title, lead, body, captions, bylines and ``boilerplate_lines``;
* a line number is out of range or points at a blank line.

Gold files written for this set carry explicit ``title_line``, ``lead_line``
and ``byline_lines``.  The two shared samples predate those fields, so for
them the lines are located by text and byline lines are inferred as the
leftover lines that mention an author or a credited agency.

Usage: ``python benchmarks/cleaning/check_gold.py [GOLD.yaml ...]``
(no argument: every gold file of the set plus the shared samples).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SAMPLES = HERE.parent.parent / "tests" / "cases" / "samples"  # the shared samples, copied into the repository
REQUIRED = ("title", "authors", "credits", "lead", "body", "captions", "boilerplate_lines")


def dump_for(gold_path: Path, gold: dict[str, Any]) -> Path:
    """Return the dump a gold file describes (same stem, or `source_file` for samples)."""
    if gold_path.name.endswith(".gold.yaml"):
        return gold_path.with_name(gold_path.name[: -len(".gold.yaml")] + ".txt")
    return gold_path.parent / gold["source_file"]


def check(gold_path: Path) -> list[str]:
    """Return a list of problems found in one gold file (empty when clean)."""
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    errors: list[str] = [f"missing field {k!r}" for k in REQUIRED if k not in gold]
    if errors:
        return errors
    is_sample = not gold_path.name.endswith(".gold.yaml")
    if not is_sample:
        errors += [f"missing field {k!r}" for k in ("url", "language", "notes") if not gold.get(k)]
    dump = dump_for(gold_path, gold)
    if not dump.exists():
        return errors + [f"dump not found: {dump}"]
    raw = dump.read_text(encoding="utf-8")
    if "\r" in raw:
        errors.append("dump has CR line endings")
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    text = {i + 1: line.strip() for i, line in enumerate(lines)}
    nonblank = {n for n, t in text.items() if t}
    roles: dict[int, list[str]] = {}

    def claim(n: int, role: str) -> None:
        roles.setdefault(n, []).append(role)

    for n in gold["boilerplate_lines"]:
        if n not in text:
            errors.append(f"boilerplate line {n} out of range 1..{len(lines)}")
        elif n not in nonblank:
            errors.append(f"boilerplate line {n} is blank")
        else:
            claim(n, "boilerplate")

    def locate(s: str, role: str, given: int | None = None, after: int = 0) -> int | None:
        """Find the line a gold string comes from; explicit line numbers win."""
        if given is not None:
            if text.get(given, "").endswith(s) and s:
                claim(given, role)
                return given
            errors.append(f"{role} is not a suffix of line {given}: {s[:60]!r}")
            return None
        for n in sorted(nonblank):
            if n > after and n not in roles and text[n].endswith(s):
                claim(n, role)
                return n
        errors.append(f"{role} not found as a line suffix: {s[:60]!r}")
        return None

    if gold["title"]:
        locate(gold["title"], "title", gold.get("title_line"))
    if gold["lead"]:
        locate(gold["lead"], "lead", gold.get("lead_line"))
    last = 0
    for i, para in enumerate(gold["body"]):
        n = locate(para, f"body[{i}]", after=last)
        last = n or last
    for i, cap in enumerate(gold["captions"]):
        locate(cap, f"caption[{i}]")
    if "byline_lines" in gold:
        for n in gold["byline_lines"]:
            if n in nonblank:
                claim(n, "byline")
            else:
                errors.append(f"byline line {n} blank or out of range")
    else:  # shared samples: infer bylines from author / credit names
        names = [x for x in gold["authors"] + gold["credits"] if x]
        for n in sorted(nonblank - roles.keys()):
            if any(x in text[n] for x in names):
                claim(n, "byline")
    for n in sorted(nonblank):
        got = roles.get(n, [])
        if not got:
            errors.append(f"line {n} not accounted for: {text[n][:60]!r}")
        elif len(got) > 1:
            errors.append(f"line {n} accounted for {len(got)} times: {got}")
    for key in ("authors", "credits"):
        for x in gold[key]:
            if x and x not in raw:
                errors.append(f"{key[:-1]} {x!r} does not occur in the dump")
    return errors


def main(argv: list[str]) -> int:
    """Check the given gold files (default: all) and exit 1 on any problem."""
    paths = [Path(a) for a in argv] or sorted(CORPUS.glob("**/*.gold.yaml")) + sorted(
        SAMPLES.glob("*.expected.yaml")
    )
    bad = 0
    for p in paths:
        problems = check(p)
        bad += bool(problems)
        for msg in problems:
            print(f"{p}: {msg}")
    print(f"{len(paths)} gold files checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
