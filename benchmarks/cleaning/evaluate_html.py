#!/usr/bin/env python3
"""Score the cleaner's HTML path on saved pages (tests/cases/html), against trafilatura.

Why this exists: a saved page still has its structure (nav, aside, footer,
comment and related-article blocks), and issue 3 asks which use of it cleans
best: a well-kept extractor (trafilatura) or our own DOM rules feeding the
line classifier. Each case is a page with a gold file beside it
(`NAME.gold.yaml`: title, date, lead, body); the metric is the one of
evaluate.py (bag-of-tokens P/R/F1 of lead + body), plus exact title and date.

Usage: python benchmarks/cleaning/evaluate_html.py [--floor FILE] [--json]
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Callable

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CASES = REPO / "tests" / "cases" / "html"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from evaluate import Prediction, check_floors, f1, norm, tokens  # noqa: E402


def digest_html(html: str) -> tuple[Prediction, dt.datetime | None]:
    """The shipped path: digest.clean.clean_article on an HTML SourceDocument."""
    from digest.clean import clean_article
    from digest.model import FrontMatter, SourceDocument, SourceKind
    from digest.text import normalize_text

    doc = SourceDocument(rel="page.html", kind=SourceKind.HTML, text=normalize_text(html), first_line=1,
                         meta=FrontMatter(), checksum="")
    a = clean_article(doc)
    return Prediction(a.title, a.authors, a.credits, a.lead, a.body), a.date


def trafilatura_html(html: str) -> tuple[Prediction, dt.datetime | None]:
    """trafilatura's own extraction (its defaults), for comparison."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True)
    if doc is None:
        return Prediction(), None
    date = dt.datetime.fromisoformat(doc.date) if doc.date else None
    body = tuple(p for p in (doc.text or "").split("\n") if p.strip())
    return Prediction(doc.title or "", tuple(a.strip() for a in (doc.author or "").split(";") if a.strip()),
                      (), "", body), date


SYSTEMS: dict[str, Callable[[str], tuple[Prediction, dt.datetime | None]]] = {
    "digest": digest_html, "trafilatura": trafilatura_html}


def load_cases() -> list[tuple[str, str, dict[str, Any]]]:
    return [(p.name[: -len(".html")], p.read_text(encoding="utf-8"),
             yaml.safe_load(p.with_name(p.name[: -len(".html")] + ".gold.yaml").read_text(encoding="utf-8")))
            for p in sorted(CASES.glob("*.html"))]


def _same_date(got: dt.datetime | None, want: str | None) -> bool:
    if want is None:
        return got is None
    return got is not None and got.date() == dt.date.fromisoformat(str(want)[:10])


def score(system: Callable[[str], tuple[Prediction, dt.datetime | None]], cases) -> dict[str, Any]:
    rows, tp_all, pred_all, gold_all = [], 0, 0, 0
    for name, html, gold in cases:
        try:
            pr, date = system(html)
        except Exception as exc:  # one page's failure is an empty answer, reported
            pr, date = Prediction(error=f"{type(exc).__name__}: {exc}"), None
        g, p = tokens([gold["lead"] or "", *gold["body"]]), tokens([pr.lead, *pr.body])
        tp = sum((g & p).values())
        prec = tp / sum(p.values()) if p else float(not g)
        rec = tp / sum(g.values()) if g else float(not p)
        tp_all, pred_all, gold_all = tp_all + tp, pred_all + sum(p.values()), gold_all + sum(g.values())
        rows.append({"case": name, "precision": prec, "recall": rec, "f1": f1(prec, rec),
                     "title": norm(pr.title) == norm(gold["title"]), "date": _same_date(date, gold.get("date")),
                     "error": pr.error})
    p, r = (tp_all / pred_all if pred_all else 0.0), (tp_all / gold_all if gold_all else 0.0)
    n = len(rows) or 1
    figures = {"micro_f1": f1(p, r), "micro_precision": p, "micro_recall": r,
               "macro_f1": sum(x["f1"] for x in rows) / n, "min_f1": min((x["f1"] for x in rows), default=0.0),
               "title_exact": sum(x["title"] for x in rows) / n, "date_exact": sum(x["date"] for x in rows) / n}
    return {"figures": figures, "per_case": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--floor", type=Path, metavar="FILE", help="JSON floors (system -> figure -> minimum)")
    args = ap.parse_args(argv)
    cases = load_cases()
    results: dict[str, Any] = {}
    for name, system in SYSTEMS.items():
        if name != "digest" and importlib.util.find_spec(name) is None:
            print(f"note: {name} is not installed; not compared", file=sys.stderr)
            continue
        results[name] = score(system, cases)
    failures = check_floors(results, args.floor) if args.floor else []
    if args.json:
        print(json.dumps({"cases": len(cases), "floor_failures": failures, **results}, indent=1))
    else:
        print(f"{len(cases)} saved pages in {CASES.relative_to(REPO)}")
        for name, res in results.items():
            fig = res["figures"]
            print(f"\n== {name}: micro F1 {fig['micro_f1']:.3f} (P {fig['micro_precision']:.3f} R {fig['micro_recall']:.3f}), "
                  f"macro F1 {fig['macro_f1']:.3f}, min {fig['min_f1']:.3f}, title {fig['title_exact']:.3f}, "
                  f"date {fig['date_exact']:.3f}")
            for row in res["per_case"]:
                err = f"  ERROR {row['error']}" if row["error"] else ""
                print(f"  {row['f1']:.3f}  P {row['precision']:.3f}  R {row['recall']:.3f}  "
                      f"title {'ok' if row['title'] else '--'}  date {'ok' if row['date'] else '--'}  {row['case']}{err}")
        for f in failures:
            print("FLOOR:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
