"""CleanArticle -> text for people and JSON for programs (`digest clean`).

Only formatting: every verdict and reason already travels with the article,
so explaining a decision never re-runs the cleaner.
"""

from __future__ import annotations

import json

from digest.model import CleanArticle

LABEL_WIDTH = 11  # the longest label, "boilerplate"


def explain_lines(article: CleanArticle) -> str:
    """Every input line with its verdict and why: `  12  body         (reason)  text`."""
    width = len(str(article.verdicts[-1].line)) if article.verdicts else 1
    return "".join(f"{v.line:>{width}}  {v.label.value:<{LABEL_WIDTH}}  ({v.reason})  {v.text}\n"
                   for v in article.verdicts)


def article_text(article: CleanArticle) -> str:
    """The cleaned article as plain text: header fields, then lead and paragraphs separated by blank lines."""
    head = [f"title: {article.title}"]
    if article.authors:
        head.append(f"authors: {', '.join(article.authors)}")
    if article.credits:
        head.append(f"credits: {', '.join(article.credits)}")
    if article.date:
        head.append(f"date: {article.date.isoformat()}")
    elif article.partial_date:
        head.append(f"date: {article.partial_date} (no year)")
    paragraphs = [p for p in (article.lead, *article.body) if p]
    text = "\n".join(head) + "\n\n" + "\n\n".join(paragraphs) + "\n"
    if article.captions:
        text += "\n" + "".join(f"caption: {c}\n" for c in article.captions)
    return text


def article_json(article: CleanArticle, source: str) -> str:
    """One JSON Lines record: the article's fields, `source` (the input path) and a verdict per line."""
    record = {
        "source": source,
        "title": article.title,
        "authors": list(article.authors),
        "credits": list(article.credits),
        "date": article.date.isoformat() if article.date else None,
        "partial_date": article.partial_date,
        "lead": article.lead,
        "body": list(article.body),
        "captions": list(article.captions),
        "lines": [{"line": v.line, "verdict": v.label.value, "reason": v.reason, "text": v.text}
                  for v in article.verdicts],
    }
    return json.dumps(record, ensure_ascii=False)
