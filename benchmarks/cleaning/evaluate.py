#!/usr/bin/env python3
"""Score the page cleaner against the hand-labelled evaluation set.

Why this exists: the cleaner will meet pages from sites nobody has looked at,
so we judge it on many real page dumps from many sites and languages, with
figures broken down per site and per language so that a rule that helps one
outlet and hurts another shows up.

Content metric: bag-of-tokens precision / recall / F1 of the predicted
(lead + body) against the gold (lead + body), the usual measure for
boilerplate removal (as in trafilatura's evaluation).  Tokens are ``\\w+``
runs of the NFC-normalised, casefolded text, so Vietnamese diacritics in
either Unicode form compare equal and paragraph splits do not matter.
Also reported: exact title match, and exact set match of authors / credits.

The cleaner is imported lazily (``digest.clean.clean_text``) because it is
developed in parallel; when it is missing the script says so and still
prints the "keep everything" baseline, which is the floor to beat.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS = HERE / "corpus"
# The two shared samples, copied into the repository so the set is the same in every clone.
SAMPLES = REPO / "tests" / "cases" / "samples"
WORD = re.compile(r"\w+")


@dataclass
class Doc:
    """One labelled page: the raw dump plus its gold annotation."""

    doc_id: str
    site: str
    language: str
    text: str
    gold: dict[str, Any]


@dataclass
class Prediction:
    """What a system returned for one page, reduced to the scored fields."""

    title: str = ""
    authors: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    lead: str = ""
    body: tuple[str, ...] = ()
    error: str | None = None


@dataclass
class Tally:
    """Running sums for one group of documents (a site, a language, or all)."""

    tp: int = 0
    pred: int = 0
    gold: int = 0
    f1s: list[float] = field(default_factory=list)
    precs: list[float] = field(default_factory=list)
    recs: list[float] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """Micro figures pool tokens (long pages weigh more); macro averages pages."""
        p = self.tp / self.pred if self.pred else float(self.gold == 0)
        r = self.tp / self.gold if self.gold else float(self.pred == 0)
        n = len(self.f1s) or 1
        return {"docs": len(self.f1s), "micro_precision": p, "micro_recall": r,
                "micro_f1": f1(p, r), "macro_precision": sum(self.precs) / n,
                "macro_recall": sum(self.recs) / n, "macro_f1": sum(self.f1s) / n}


def norm(s: str) -> str:
    """NFC + casefold + collapsed whitespace: the form in which strings are compared."""
    return " ".join(unicodedata.normalize("NFC", s).casefold().split())


def tokens(parts: Iterable[str]) -> Counter[str]:
    """Bag of word tokens of several strings (order-free, as the metric wants)."""
    return Counter(t for s in parts for t in WORD.findall(norm(s)))


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def load_docs() -> tuple[list[Doc], list[str]]:
    """Read every gold file of the set plus the shared samples; return docs and notes."""
    docs: list[Doc] = []
    notes: list[str] = []
    for gp in sorted(CORPUS.glob("**/*.gold.yaml")):
        gold = yaml.safe_load(gp.read_text(encoding="utf-8"))
        dump = gp.with_name(gp.name[: -len(".gold.yaml")] + ".txt")
        rel = gp.relative_to(CORPUS)
        docs.append(Doc(str(rel)[: -len(".gold.yaml")], rel.parts[0], gold.get("language", "?"),
                        dump.read_text(encoding="utf-8"), gold))
    samples = sorted(SAMPLES.glob("*.expected.yaml"))
    if not samples:
        notes.append(f"samples not found under {SAMPLES}: skipped")
    for gp in samples:
        gold = yaml.safe_load(gp.read_text(encoding="utf-8"))
        dump = gp.parent / gold["source_file"]
        # The samples carry no language/site fields; both come from baoquocte.vn (vi).
        docs.append(Doc("samples/" + gp.name.split(".")[0], "baoquocte.vn", gold.get("language", "vi"),
                        dump.read_text(encoding="utf-8"), gold))
    return docs, notes


def baseline(text: str, *, source: str = "") -> Prediction:
    """Keep everything: first non-blank line as title, every other one as body."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return Prediction(title=lines[0] if lines else "", body=tuple(lines[1:]))


def load_cleaner() -> tuple[Callable[..., Any] | None, str]:
    """Import digest.clean.clean_text if it exists yet; never let a failure stop scoring."""
    for p in (REPO / "src", REPO):
        if str(p) not in sys.path:
            sys.path.insert(0, str(p))
    try:
        from digest.clean import clean_text  # noqa: PLC0415 (lazy on purpose)
    except Exception as exc:  # ImportError, or any error raised while importing
        return None, f"{type(exc).__name__}: {exc}"
    return clean_text, ""


def run(system: Callable[..., Any], doc: Doc) -> Prediction:
    """Call a cleaner on one dump; an exception counts as an empty answer."""
    try:
        a = system(doc.text, source=doc.doc_id)
    except Exception as exc:
        return Prediction(error=f"{type(exc).__name__}: {exc}")
    return Prediction(str(getattr(a, "title", "") or ""), tuple(getattr(a, "authors", ()) or ()),
                      tuple(getattr(a, "credits", ()) or ()), str(getattr(a, "lead", "") or ""),
                      tuple(getattr(a, "body", ()) or ()))


def score(system: Callable[..., Any], docs: list[Doc]) -> dict[str, Any]:
    """Score one system on all docs: groups by site and language, plus per-doc rows."""
    groups: dict[str, Tally] = defaultdict(Tally)
    per_doc: list[dict[str, Any]] = []
    hits = Counter()
    for doc in docs:
        pr = run(system, doc)
        g = tokens([doc.gold["lead"] or "", *doc.gold["body"]])
        p = tokens([pr.lead, *pr.body])
        tp = sum((g & p).values())
        prec = tp / sum(p.values()) if p else float(not g)
        rec = tp / sum(g.values()) if g else float(not p)
        for key in ("overall", f"lang.{doc.language}", f"site.{doc.site}"):
            t = groups[key]
            t.tp, t.pred, t.gold = t.tp + tp, t.pred + sum(p.values()), t.gold + sum(g.values())
            t.f1s.append(f1(prec, rec)), t.precs.append(prec), t.recs.append(rec)
        hits["title_exact"] += norm(pr.title) == norm(doc.gold["title"] or "")
        for fld in ("authors", "credits"):
            hits[f"{fld}_acc"] += {norm(x) for x in getattr(pr, fld)} == {norm(x) for x in doc.gold[fld] or []}
        hits["errors"] += pr.error is not None
        per_doc.append({"doc": doc.doc_id, "precision": prec, "recall": rec, "f1": f1(prec, rec),
                        "error": pr.error})
    fig: dict[str, float] = {}
    for key, t in groups.items():
        for name, val in t.figures().items():
            fig[f"{key}.{name}"] = val
    for name in ("title_exact", "authors_acc", "credits_acc"):
        fig[name] = hits[name] / len(docs)
    fig["errors"] = hits["errors"]
    return {"figures": fig, "per_doc": sorted(per_doc, key=lambda r: (r["f1"], r["doc"]))}


def print_table(name: str, res: dict[str, Any]) -> None:
    """Human-readable summary: per site, per language, overall (micro and macro)."""
    fig = res["figures"]
    print(f"\n== {name}: title exact {fig['title_exact']:.3f}, authors {fig['authors_acc']:.3f}, "
          f"credits {fig['credits_acc']:.3f}, errors {int(fig['errors'])}")
    print(f"{'group':<44}{'docs':>5}{'P':>7}{'R':>7}{'F1':>7}{'macroF1':>9}")
    keys = sorted(k[: -len(".docs")] for k in fig if k.endswith(".docs"))
    order = sorted(keys, key=lambda k: ({"site": 0, "lang": 1}.get(k.split(".")[0], 2), k))
    for k in order:
        print(f"{k:<44}{int(fig[k + '.docs']):>5}{fig[k + '.micro_precision']:>7.3f}"
              f"{fig[k + '.micro_recall']:>7.3f}{fig[k + '.micro_f1']:>7.3f}{fig[k + '.macro_f1']:>9.3f}")


def check_floors(results: dict[str, Any], floor_file: Path) -> list[str]:
    """Compare pinned floors (system -> figure -> minimum) with this run; list the drops."""
    floors = json.loads(floor_file.read_text(encoding="utf-8"))
    failures = []
    for system, minima in floors.items():
        if system.startswith("_"):
            continue  # comments
        if system not in results:
            failures.append(f"{system}: not available, its floors cannot be met")
            continue
        fig = results[system]["figures"]
        for key, minimum in minima.items():
            got = fig.get(key)
            if got is None or got + 1e-9 < minimum:
                failures.append(f"{system}: {key} = {got} below floor {minimum}")
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    ap.add_argument("--per-doc", action="store_true", help="list each document's P/R/F1, worst first")
    ap.add_argument("--floor", type=Path, metavar="FILE", help="JSON floors; exit 1 if any figure drops below")
    args = ap.parse_args(argv)

    docs, notes = load_docs()
    results: dict[str, Any] = {"baseline": score(baseline, docs)}
    cleaner, why = load_cleaner()
    if cleaner is None:
        notes.append(f"cleaner digest.clean.clean_text not importable ({why}); scoring the baseline only")
    else:
        results["cleaner"] = score(cleaner, docs)
    failures = check_floors(results, args.floor) if args.floor else []

    if args.json:
        out = {"documents": len(docs), "notes": notes, "floor_failures": failures,
               **{k: (v if args.per_doc else {"figures": v["figures"]}) for k, v in results.items()}}
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for n in notes:
            print("note:", n)
        print(f"{len(docs)} documents, {len({d.site for d in docs})} sites, "
              f"{len({d.language for d in docs})} languages")
        for name, res in results.items():
            print_table(name, res)
            if args.per_doc:
                for r in res["per_doc"]:
                    err = f"  ERROR {r['error']}" if r["error"] else ""
                    print(f"  {r['f1']:.3f}  P {r['precision']:.3f}  R {r['recall']:.3f}  {r['doc']}{err}")
        for f in failures:
            print("FLOOR:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
