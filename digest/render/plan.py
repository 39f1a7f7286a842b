"""Articles + topics + config -> SitePlan: which pages exist and what each shows.

A plan is data, not a site object: pages list the slugs they show, so a caller
can find every page an edited article appears on, and rendering is a pure map
from plan to bytes. Everything here is linear in the number of articles except
related articles, which are ranked once per distinct set of topics (see
`_related`), so tens of thousands of articles plan in well under a second.
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from dataclasses import dataclass, field, replace
from collections import Counter
from itertools import chain, combinations, count, islice
from operator import attrgetter
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, Sequence, TypeVar

from digest.config import SiteConfig
from digest.diagnostics import Diagnostic, warning
from digest.model import Article, Topic
from digest.render.editions import edition_id, edition_label, month_id
from digest.render.urls import Links, output_path
from digest.yamlsrc import did_you_mean

RELATED_COUNT = 5  # related articles listed under an article
GROUP_COST = 64  # postings counted in the time one group of topics is walked (`_related`)
K = TypeVar("K")


class PageKind(enum.Enum):
    HOME = "home"
    EDITION = "edition"
    EDITIONS = "editions"  # the list of every edition
    TOPIC = "topic"  # one page of a topic
    TOPICS = "topics"  # the index of topics
    ARTICLE = "article"
    ARCHIVE = "archive"  # the months, and undated articles
    MONTH = "month"  # one month of the archive
    SEARCH = "search"
    NOT_FOUND = "not_found"  # 404.html


# Each kind by its value, as a stored plan gives it: a dict lookup, where calling PageKind for each of 11,000
# pages took 5 ms of a one-article build.
_KINDS = {kind.value: kind for kind in PageKind}


@dataclass(frozen=True, slots=True)
class Edition:
    id: str
    label: str
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (topic id, slugs newest first): each article under its first topic
    previous: str | None  # older edition's id
    next: str | None  # newer edition's id
    intro: str = ""  # the editor's Markdown from content/editions/<id>.md

    @property
    def slugs(self) -> tuple[str, ...]:
        """The edition's reading order: topic by topic, newest first within a topic."""
        return tuple(dict.fromkeys(s for _, slugs in self.groups for s in slugs))


@dataclass(frozen=True, slots=True)
class PagePlan:
    kind: PageKind
    key: str  # slug, topic id, edition id or month; "" for pages of which there is one
    url: str
    output: str  # path under the output directory
    slugs: tuple[str, ...]  # the articles this page shows (an article page: itself, related, previous/next)
    number: int = 1  # page number of a paginated topic
    count: int = 1  # how many pages the topic has

    def as_tuple(self) -> tuple[str, str, str, str, tuple[str, ...], int, int]:
        """Plain data, for the cache (`pack_plan`) and for page keys: a dataclass's repr or pickle costs more."""
        return self.kind.value, self.key, self.url, self.output, self.slugs, self.number, self.count


@dataclass(frozen=True, slots=True)
class FeedPlan:
    topic: str  # "" for the whole site
    slugs: tuple[str, ...]  # the items, newest first; dated articles only
    rss: str  # output paths
    atom: str


@dataclass(frozen=True, slots=True)
class SitePlan:
    articles: tuple[Article, ...]  # newest first; undated last, by title
    topics: tuple[Topic, ...]  # rule order, fallback last
    topic_slugs: tuple[tuple[str, tuple[str, ...]], ...]  # topic id -> its and its subtopics' slugs, newest first
    editions: tuple[Edition, ...]  # newest first
    pages: tuple[PagePlan, ...]
    links: Links
    by_slug: Mapping[str, Article]
    children: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))  # topic -> subtopics
    related: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    neighbours: Mapping[str, tuple[str | None, str | None]] = field(default_factory=lambda: MappingProxyType({}))
    edition_of: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # slug -> edition id
    months: tuple[tuple[str, tuple[str, ...]], ...] = ()  # "2021-12" -> slugs newest first; newest month first
    undated: tuple[str, ...] = ()
    feeds: tuple[FeedPlan, ...] = ()
    # Kept for the next plan to patch (`_related`); follows from the articles, so neither compared nor stored.
    topic_index: TopicIndex | None = field(default=None, compare=False, repr=False)


def _before(a: Article, b: Article) -> bool:
    """Whether `_newest_first` puts `a` before `b`: the others kept their order, so a renamed article is in its
    place when it is so with both its neighbours (sorting them all to check was a sixth of a title edit)."""
    if a.clean.date and b.clean.date:
        return (a.clean.date, a.slug) > (b.clean.date, b.slug)
    return bool(a.clean.date) or (not b.clean.date and a.slug < b.slug)


def _newest_first(articles: Sequence[Article]) -> list[Article]:
    dated = sorted((a for a in articles if a.clean.date), key=lambda a: (a.clean.date, a.slug), reverse=True)
    undated = sorted((a for a in articles if not a.clean.date), key=lambda a: a.slug)
    return dated + undated


def _ancestors(topics: tuple[Topic, ...]) -> dict[str, tuple[str, ...]]:
    """Each topic with its parents up the chain; a cycle (reported by the rules check) stops the walk."""
    parent = {t.id: t.parent for t in topics}
    chains: dict[str, tuple[str, ...]] = {}
    for t in topics:
        chain = [t.id]
        while parent.get(chain[-1]) in parent and parent[chain[-1]] not in chain:
            chain.append(parent[chain[-1]])  # type: ignore[arg-type]
        chains[t.id] = tuple(chain)
    return chains


def _topic_slugs(ordered: list[Article], topics: tuple[Topic, ...],
                 reuse: _Reuse | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A topic page lists its own articles and its subtopics' ones, newest first, each once.

    When only topics moved (`_Reuse.position`), the lists of the topics no moved article left or joined are
    the last plan's very tuples, and the others are the last ones with the moved articles taken out or put in."""
    chains = _ancestors(topics)
    if reuse is not None and reuse.position is not None:
        return _patched_topic_slugs(chains, reuse, reuse.position)
    members: dict[str, dict[str, None]] = {t.id: {} for t in topics}
    for article in ordered:
        for tid in article.topics:
            for owner in chains.get(tid, ()):
                members[owner][article.slug] = None
    return tuple((t.id, tuple(members[t.id])) for t in topics)


def _patched_topic_slugs(chains: Mapping[str, tuple[str, ...]], reuse: _Reuse,
                         position: Mapping[str, int]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    affected = {owner for tid in reuse.moved_topics for owner in chains.get(tid, ())}
    joined: dict[str, list[str]] = {owner: [] for owner in affected}
    for slug in reuse.moved_slugs:
        for owner in {owner for tid in reuse.by_slug[slug].topics for owner in chains.get(tid, ()) if owner in joined}:
            joined[owner].append(slug)
    found = []
    for tid, slugs in reuse.last.topic_slugs:
        if tid in affected:
            members = [s for s in slugs if s not in reuse.moved_slugs] + joined[tid]
            slugs = tuple(sorted(members, key=position.__getitem__))
        found.append((tid, slugs))
    return tuple(found)


def _editions(articles: list[Article], topics: tuple[Topic, ...], config: SiteConfig,
              intros: Mapping[str, str], reuse: _Reuse | None) -> tuple[Edition, ...]:
    """With the last plan: the edition of an article whose date is unchanged is known (`_Reuse.edition_of`),
    and when only topics moved, the editions no moved article left or joined are the last plan's."""
    if reuse is not None and reuse.position is not None:
        patched = _patched_editions(topics, config, reuse, reuse.position)
        if patched is not None:
            return patched
    known = reuse.edition_of if reuse is not None else {}
    by_id: dict[str, list[tuple[str, str]]] = {}
    for article in articles:
        if article.clean.date and article.topics:
            by_id.setdefault(_edition_id(article, known, config), []).append((article.slug, article.topics[0]))
    ids = sorted(by_id, reverse=True)
    editions = []
    for n, eid in enumerate(ids):
        editions.append(Edition(eid, edition_label(eid, period=config.edition_period), _groups(by_id[eid], topics),
                                previous=ids[n + 1] if n + 1 < len(ids) else None,
                                next=ids[n - 1] if n > 0 else None, intro=intros.get(eid, "")))
    return tuple(editions)


def _edition_id(article: Article, known: Mapping[str, str], config: SiteConfig) -> str:
    """The edition a dated article is in: `known` (`_Reuse.edition_of`) for one whose date is unchanged."""
    date = article.clean.date
    assert date is not None
    return known.get(article.slug) or edition_id(date, period=config.edition_period, zone=config.zone)


def _groups(members: Iterable[tuple[str, str]], topics: tuple[Topic, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """An edition's (slug, first topic) pairs, newest first -> its groups: each topic's slugs, in the topics' order."""
    by_topic: dict[str, list[str]] = {}
    for slug, tid in members:
        by_topic.setdefault(tid, []).append(slug)
    return tuple((t.id, tuple(by_topic[t.id])) for t in topics if t.id in by_topic)


def _patched_editions(topics: tuple[Topic, ...], config: SiteConfig, reuse: _Reuse,
                      position: Mapping[str, int]) -> tuple[Edition, ...] | None:
    """The last plan's editions with the moved articles regrouped; None when an edition appears or empties,
    which changes the links between editions."""
    joined: dict[str, list[str]] = {}
    for slug in reuse.moved_slugs:
        article = reuse.by_slug[slug]
        if article.clean.date:
            moved = joined.setdefault(_edition_id(article, reuse.edition_of, config), [])
            if article.topics:
                moved.append(slug)
    editions = []
    for edition in reuse.last.editions:
        if (members := joined.pop(edition.id, None)) is not None:
            members += [s for s in edition.slugs if s not in reuse.moved_slugs]
            if not members:
                return None
            newest_first = sorted(members, key=position.__getitem__)
            edition = replace(edition, groups=_groups(((s, reuse.by_slug[s].topics[0]) for s in newest_first), topics))
        editions.append(edition)
    return None if joined else tuple(editions)


@dataclass(frozen=True, slots=True)
class TopicIndex:
    """A plan's articles by topic, for ranking related articles: each one's topic set, and the places (in the
    plan's order, newest first) of the articles holding each set and each topic. Never changed once made: a
    patched index copies what it changes."""

    sets: list[frozenset[str]]
    by_set: dict[frozenset[str], list[int]]
    by_topic: dict[str, list[int]]


def _topic_index(ordered: Sequence[Article]) -> TopicIndex:
    """One set object per distinct set: a plan keeps its index, which held 15 MB at 50,000 articles with a set per
    article and holds 7 MB so (random topics, 12,475 distinct sets)."""
    one: dict[frozenset[str], frozenset[str]] = {}
    sets = [one.setdefault(topics, topics) for topics in map(frozenset, map(attrgetter("topics"), ordered))]
    by_set: dict[frozenset[str], list[int]] = {}
    by_topic: dict[str, list[int]] = {}
    for i, topics in enumerate(sets):  # ascending index = newest first
        by_set.setdefault(topics, []).append(i)
        for tid in topics:
            by_topic.setdefault(tid, []).append(i)
    return TopicIndex(sets, by_set, by_topic)


def _patched_index(last: TopicIndex, reuse: _Reuse) -> TopicIndex:
    """The last plan's index with the articles whose topics moved under their new sets and topics, when every
    article kept its place (`_Reuse.position`): making it anew was half of ranking after an edit of one
    article's topics at 10,000 articles."""
    assert reuse.position is not None
    sets, by_set, by_topic = list(last.sets), dict(last.by_set), dict(last.by_topic)
    for slug in reuse.moved_slugs:
        i = reuse.position[slug]
        old, new = sets[i], frozenset(reuse.by_slug[slug].topics)
        sets[i] = new
        _without(by_set, old, i)
        _with(by_set, new, i)
        for tid in old - new:
            _without(by_topic, tid, i)
        for tid in new - old:
            _with(by_topic, tid, i)
    return TopicIndex(sets, by_set, by_topic)


def _without(places: dict[K, list[int]], key: K, i: int) -> None:
    """Place `i` out of `key`'s list, which is copied (the last index keeps its own); the key goes with it."""
    if kept := [j for j in places[key] if j != i]:
        places[key] = kept
    else:
        del places[key]


def _with(places: dict[K, list[int]], key: K, i: int) -> None:
    places[key] = sorted((*places.get(key, ()), i))


def _related(ordered: list[Article], count: int,
             reuse: _Reuse | None = None) -> tuple[dict[str, tuple[str, ...]], TopicIndex]:
    """Articles sharing the most topics, then the newest.

    Every article with the same set of topics gets the same ranking, so the
    ranking is computed once per distinct set, largest overlap first: the
    articles holding k of the set's topics are found among the intersections
    of its k-topic groups (each intersection computed once per build and
    shared by every set containing that group), walked newest first, and the
    walk stops as soon as `count` others are found. Counting every article of
    every topic instead grows with the square of the archive (30 s at 50,000);
    but a set of k topics has 2^k groups, so a set whose groups would cost more
    than its topics' postings (GROUP_COST each) is ranked by counting the
    overlap of every article holding one of them. A fixed cut at five topics
    counted sets that grow with the archive: 751 sets of five or six topics
    took 6 of the 7.7 s of planning 50,000 raw articles.
    With `reuse`, the last lists are patched where they can be (`_patched_related`)
    and only the other sets are ranked again. Returns the lists and the plan's
    `TopicIndex`.
    """
    last_index = reuse.last.topic_index if reuse is not None and reuse.position is not None else None
    index = _topic_index(ordered) if reuse is None or last_index is None else _patched_index(last_index, reuse)
    topic_sets, by_set, by_topic = index.sets, index.by_set, index.by_topic
    holding: dict[tuple[str, ...], set[int]] = {}

    def having(group: tuple[str, ...]) -> set[int]:
        """The articles holding every topic of `group` (sorted ids)."""
        found = holding.get(group)
        if found is None:
            found = holding[group] = (set(by_topic[group[0]]) if len(group) == 1
                                      else having(group[:-1]) & having(group[-1:]))
        return found

    def rank(topic_set: frozenset[str]) -> list[int]:
        """The first `count` + 1 articles by overlap with `topic_set`, largest first, then newest."""
        topics = tuple(sorted(topic_set))
        if (GROUP_COST << len(topics)) > sum(len(by_topic[tid]) for tid in topics):
            overlaps = Counter(chain.from_iterable(by_topic[tid] for tid in topics))
            order = sorted(overlaps)  # newest first, then by overlap: a stable sort keeps the newest first among equals
            order.sort(key=overlaps.__getitem__, reverse=True)
            return order[:count + 1]
        best: list[int] = []
        for size in range(len(topics), 0, -1):
            lists = ([by_topic[tid] for tid in topics] if size == 1
                     else [sorted(having(group)) for group in combinations(topics, size)])
            for i in heapq.merge(*lists):
                if len(topic_set & topic_sets[i]) == size:  # exactly `size`: larger overlaps were taken before
                    best.append(i)
                    if len(best) > count:
                        return best
        return best

    def ranked(i: int) -> tuple[str, ...]:
        return tuple(ordered[j].slug for j in ranking[topic_sets[i]] if j != i)[:count]

    patched, stale = _patched_related(ordered, topic_sets, by_topic, count, reuse) if reuse is not None else ({}, None)
    ranking = {topic_set: rank(topic_set) for topic_set in by_set if stale is None or topic_set in stale}
    if reuse is not None and last_index is not None:  # the same slugs in the same places: the last lists, in
        related = dict(reuse.last.related)  # their order, with those that changed
        related.update(patched)
        related.update((ordered[i].slug, ranked(i)) for topic_set in ranking for i in by_set[topic_set])
        return related, index
    return {a.slug: ranked(i) if topic_sets[i] in ranking else patched[a.slug] if a.slug in patched
            else reuse.last.related[a.slug]  # type: ignore[union-attr]
            for i, a in enumerate(ordered)}, index


_RANK_AGAIN: tuple[str, ...] = ("<rank again>",)  # `_patched_related`'s mark of a list it cannot patch


def _patched_related(ordered: list[Article], topic_sets: list[frozenset[str]], by_topic: Mapping[str, list[int]],
                     count: int, reuse: _Reuse) -> tuple[dict[str, tuple[str, ...]], set[frozenset[str]]]:
    """The last related lists the moved articles change, patched, and the topic sets to rank again instead.

    Only an article holding a moved topic can have its list changed. For
    it, every unmoved article ranks as it did: their order and overlaps with
    its set are unchanged. So when no moved article on
    its last list ranks lower than it did, whatever was below a full last
    list still is, and the new list is the best of the last one and the
    moved articles; a list that was not full held every article sharing a
    topic, so the same holds. An article that moved itself, is new, or whose
    full list holds a moved article that may rank lower (it lost a topic of
    the set, or its date changed), has its set ranked again. Ranking again
    every set a moved article entered took most of planning an edit of a
    recent article's topics.
    """
    pos = reuse.position if reuse.position is not None else {a.slug: i for i, a in enumerate(ordered)}
    moved = [(slug, pos[slug], frozenset(reuse.by_slug[slug].topics)) for slug in reuse.moved_slugs if slug in pos]
    last_by_slug, related = reuse.last.by_slug, reuse.last.related
    # Per topic set: the moved articles sharing a topic with it, best first, and those that may rank lower.
    entering: dict[frozenset[str], list[tuple[int, int, str]]] = {}
    sinking: dict[frozenset[str], frozenset[str]] = {}
    # An unmoved article's new list follows from its set and last list alone (the articles of a set mostly share
    # one): None where it is the last one, _RANK_AGAIN where the set must be ranked again.
    outcomes: dict[tuple[frozenset[str], tuple[str, ...]], tuple[str, ...] | None] = {}

    def outcome(topics: frozenset[str], last: tuple[str, ...]) -> tuple[str, ...] | None:
        if topics not in entering:
            entering[topics] = sorted((-len(topics & mine), at, slug) for slug, at, mine in moved if topics & mine)
            sinking[topics] = reuse.moved_slugs if reuse.position is None else frozenset(
                slug for slug, _, mine in moved
                if len(topics & mine) < len(topics.intersection(last_by_slug[slug].topics)))
        full, joining = len(last) == count, entering[topics]
        if full and not sinking[topics].isdisjoint(last):
            return _RANK_AGAIN
        if reuse.moved_slugs.isdisjoint(last):
            if not joining:
                return None
            if full:
                worst = last[-1]
                if joining[0][:2] > (-len(topics.intersection(reuse.by_slug[worst].topics)), pos[worst]):
                    return None  # the best moved article still ranks below the whole list
        kept = [(-len(topics.intersection(reuse.by_slug[slug].topics)), pos[slug], slug)
                for slug in last if slug in reuse.by_slug and slug not in reuse.moved_slugs]
        return tuple(slug for overlap, _, slug in sorted(kept + joining) if overlap)[:count]

    patched: dict[str, tuple[str, ...]] = {}
    # No topics, no related articles: nothing to rank. A moved article's own set is ranked again.
    stale: set[frozenset[str]] = {frozenset(), *(mine for _, _, mine in moved)}
    for i in set().union(*(by_topic.get(tid, ()) for tid in reuse.moved_topics)):
        slug, topics = ordered[i].slug, topic_sets[i]
        if topics in stale:
            continue
        last = related.get(slug)
        if last is None or slug in reuse.moved_slugs:
            stale.add(topics)
            continue
        key = (topics, last)
        found = outcomes[key] if key in outcomes else outcomes.setdefault(key, outcome(topics, last))
        if found is _RANK_AGAIN:
            stale.add(topics)
        elif found is not None:
            patched[slug] = found
    return patched, stale


def _neighbours(editions: tuple[Edition, ...], last: _Last | None = None) -> dict[str, tuple[str | None, str | None]]:
    """Previous and next article in the reading order of the article's edition. With the last plan's parts, those
    of the articles of editions it holds unchanged (the very same objects) are taken as they were: pairing every
    article again was 7 ms of an edit of one article's topics at 10,000 articles."""
    found: dict[str, tuple[str | None, str | None]] = {}
    if last is not None and last.editions:
        found.update(last.neighbours)
        now = {e.id: e for e in editions}
        for old in last.editions.values():
            if now.get(old.id) is not old:
                for slug in old.slugs:
                    del found[slug]
        editions = tuple(e for e in editions if last.editions.get(e.id) is not e)
    for edition in editions:
        slugs = edition.slugs
        for n, slug in enumerate(slugs):
            found[slug] = (slugs[n - 1] if n else None, slugs[n + 1] if n + 1 < len(slugs) else None)
    return found


def _months(ordered: list[Article], zone: dt.tzinfo) -> tuple[tuple[str, tuple[str, ...]], ...]:
    months: dict[str, list[str]] = {}
    for article in ordered:
        if article.clean.date:
            months.setdefault(month_id(article.clean.date, zone=zone), []).append(article.slug)
    return tuple((m, tuple(slugs)) for m, slugs in months.items())


def _feeds(ordered: list[Article], topic_slugs: tuple[tuple[str, tuple[str, ...]], ...], config: SiteConfig,
           links: Links, last: _Last, undated: tuple[str, ...]) -> tuple[FeedPlan, ...]:
    """A feed lists the newest dated articles of a list: the last plan's feed stands while its list is the last
    plan's very tuple (`_topic_slugs`), and the site's while every article kept its place. Undated articles
    are the plan's last, and few: a feed looks at its list's first slugs only (a set of every dated article was
    4 ms of an edit of one article's topics at 10,000 articles)."""
    skipped = frozenset(undated)

    def feed(topic: str, slugs: Iterable[str]) -> FeedPlan:
        items = tuple(islice((s for s in slugs if s not in skipped), config.feed_items))
        return FeedPlan(topic, items, output_path(links.feed(topic), links.base_path),
                        output_path(links.feed(topic, atom=True), links.base_path))

    site = last.feeds[""] if last.placed else feed("", (a.slug for a in ordered))
    return (site,) + tuple(last.feeds[tid] if last.lists.get(tid) is slugs else feed(tid, slugs)
                           for tid, slugs in topic_slugs)


@dataclass(frozen=True, slots=True)
class _Reuse:
    """What a plan can take from the last one made with the same topics, settings and intros."""

    last: SitePlan
    by_slug: Mapping[str, Article]  # the new articles
    edition_of: Mapping[str, str]  # the articles whose date is unchanged: their edition is too
    # The topics of every article added, removed or whose date changed, and those an article left or joined.
    moved_topics: frozenset[str]
    moved_slugs: frozenset[str]  # those articles' slugs, old and new
    # When every article kept its slug and date (only topics moved), each one's place in the last plan's order,
    # which is the new order too: the months are the last plan's, and the lists no moved article left or joined.
    position: Mapping[str, int] | None


def _reuse(last: SitePlan, articles: Sequence[Article], topics: tuple[Topic, ...]) -> _Reuse:
    """An article is matched to the last plan's by slug: a renamed one counts as removed and added."""
    before = last.by_slug
    moved: set[str] = set()
    slugs: set[str] = set()
    redated: list[str] = []  # slugs new to the last plan, or whose date changed
    by_slug = {a.slug: a for a in articles}
    for article in articles:
        old = before.get(article.slug)
        if old is article:
            continue
        # The same cleaned article (an unedited one, as a run keeps it) has the same date.
        if old is None or (old.clean is not article.clean and old.clean.date != article.clean.date):
            redated.append(article.slug)
            moved.update(article.topics)
            moved.update(old.topics if old is not None else ())
        elif old.topics == article.topics:
            continue
        else:  # in its place still: only the lists and sets of the topics it left or joined see it otherwise
            moved.update(set(old.topics).symmetric_difference(article.topics))
        slugs.add(article.slug)
    for old in last.articles:
        if old.slug not in by_slug:
            moved.update(old.topics)
            slugs.add(old.slug)
            redated.append(old.slug)
    same_date = dict(last.edition_of)
    for slug in redated:
        same_date.pop(slug, None)
    # With as many articles, each under a slug of the last plan with the same date, the slugs are the same.
    placed = not redated and len(articles) == len(last.articles) and last.topics == topics
    position = {a.slug: i for i, a in enumerate(last.articles)} if placed else None
    return _Reuse(last, by_slug, same_date, frozenset(moved), frozenset(slugs), position)


class _Last:
    """The last plan's parts by what each is made from, for `plan_site` to take those whose inputs are unchanged
    (with no last plan, nothing is): making every page again was a third of planning 10,000 articles after an
    edit of one's topics."""

    def __init__(self, reuse: _Reuse | None) -> None:
        plan = reuse.last if reuse is not None else None
        self.article_pages: dict[str, PagePlan] = {}
        self.topic_pages: dict[str, list[PagePlan]] = {}
        self.edition_pages: dict[str, PagePlan] = {}
        self.month_pages: list[PagePlan] = []
        for page in plan.pages if plan is not None else ():
            kind = page.kind
            if kind is PageKind.ARTICLE:
                self.article_pages[page.key] = page
            elif kind is PageKind.TOPIC:
                self.topic_pages.setdefault(page.key, []).append(page)
            elif kind is PageKind.EDITION:
                self.edition_pages[page.key] = page
            elif kind is PageKind.MONTH:
                self.month_pages.append(page)
        self.lists: dict[str, tuple[str, ...]] = dict(plan.topic_slugs) if plan is not None else {}
        self.editions: dict[str, Edition] = {e.id: e for e in plan.editions} if plan is not None else {}
        self.feeds: dict[str, FeedPlan] = {f.topic: f for f in plan.feeds} if plan is not None else {}
        self.related: Mapping[str, tuple[str, ...]] = plan.related if plan is not None else {}
        self.neighbours: Mapping[str, tuple[str | None, str | None]] = plan.neighbours if plan is not None else {}
        self.months = plan.months if plan is not None else None
        # Every article kept its place (`_Reuse.position`): the site's feed and the months are the last ones.
        self.placed = reuse is not None and reuse.position is not None


def plan_site(articles: Sequence[Article], topics: tuple[Topic, ...], config: SiteConfig, *,
              intros: Mapping[str, str] | None = None, last: SitePlan | None = None) -> SitePlan:
    """`last`: a plan made before with the same topics, settings and intros (the last build's), from which
    whatever follows from unchanged articles is taken (`_Reuse`): ranking related articles was half of
    planning 10,000 articles, and after an edit of one article's topics making every page again was a
    third. The plan is the same."""
    links = Links(config.base_path, config.site_url)
    reuse = _reuse(last, articles, topics) if last is not None else None
    if reuse is not None and reuse.position is not None:
        ordered = [reuse.by_slug[a.slug] for a in reuse.last.articles]
    else:
        ordered = _newest_first(articles)
    topic_slugs = _topic_slugs(ordered, topics, reuse)
    editions = _editions(ordered, topics, config, intros or {}, reuse)
    related, index = _related(ordered, RELATED_COUNT, reuse)
    last_parts = _Last(reuse)
    neighbours = _neighbours(editions, last_parts)
    if last_parts.placed:
        assert last_parts.months is not None  # placed: there is a last plan
        months = last_parts.months
    else:
        months = _months(ordered, config.zone)

    def page(kind: PageKind, key: str, url: str, slugs: tuple[str, ...], number: int = 1, count: int = 1) -> PagePlan:
        return PagePlan(kind, key, url, output_path(url, links.base_path), slugs, number, count)

    pages = [page(PageKind.HOME, "", links.home(), editions[0].slugs if editions else tuple(a.slug for a in ordered))]
    pages.append(page(PageKind.EDITIONS, "", links.editions(), ()))
    pages += [last_parts.edition_pages[e.id] if last_parts.editions.get(e.id) is e
              else page(PageKind.EDITION, e.id, links.edition(e.id), e.slugs) for e in editions]
    pages.append(page(PageKind.TOPICS, "", links.topics(), ()))
    for tid, slugs in topic_slugs:
        if last_parts.lists.get(tid) is slugs:
            pages += last_parts.topic_pages[tid]
            continue
        chunks = [slugs[i: i + config.page_size] for i in range(0, len(slugs), config.page_size)] or [()]
        pages += [page(PageKind.TOPIC, tid, links.topic(tid, n), chunk, n, len(chunks))
                  for n, chunk in enumerate(chunks, start=1)]
    for a in ordered:
        mine, around = related[a.slug], neighbours.get(a.slug)
        kept = last_parts.article_pages.get(a.slug)
        if kept is None or last_parts.related.get(a.slug) != mine or last_parts.neighbours.get(a.slug) != around:
            shown = (a.slug, *mine, *(s for s in around or () if s))
            kept = page(PageKind.ARTICLE, a.slug, links.article(a.slug), tuple(dict.fromkeys(shown)))
        pages.append(kept)
    undated = tuple(a.slug for a in ordered if not a.clean.date)
    pages.append(page(PageKind.ARCHIVE, "", links.archive(), undated))
    pages += last_parts.month_pages if months is last_parts.months else [
        page(PageKind.MONTH, month, links.archive(month), slugs) for month, slugs in months]
    pages.append(page(PageKind.SEARCH, "", links.search(), ()))
    pages.append(PagePlan(PageKind.NOT_FOUND, "", links.asset("404.html"), "404.html", ()))
    return _site_plan(tuple(ordered), topics, topic_slugs, editions, tuple(pages), links, related, neighbours,
                      months, undated, _feeds(ordered, topic_slugs, config, links, last_parts, undated), index)


def _site_plan(ordered: tuple[Article, ...], topics: tuple[Topic, ...],
               topic_slugs: tuple[tuple[str, tuple[str, ...]], ...], editions: tuple[Edition, ...],
               pages: tuple[PagePlan, ...], links: Links, related: Mapping[str, tuple[str, ...]],
               neighbours: Mapping[str, tuple[str | None, str | None]], months: tuple[tuple[str, tuple[str, ...]], ...],
               undated: tuple[str, ...], feeds: tuple[FeedPlan, ...],
               topic_index: TopicIndex | None = None) -> SitePlan:
    """A SitePlan with the lookups that follow from its parts: by slug, subtopics, edition of a slug."""
    return SitePlan(ordered, topics, topic_slugs, editions, pages, links, MappingProxyType({a.slug: a for a in ordered}),
                    children=MappingProxyType({t.id: t.children for t in topics}), related=MappingProxyType(related),
                    neighbours=MappingProxyType(neighbours),
                    edition_of=MappingProxyType({s: e.id for e in editions for s in e.slugs}),
                    months=months, undated=undated, feeds=feeds, topic_index=topic_index)


def places(plan: SitePlan) -> dict[int, int]:
    """Each article's index in `plan.articles`, by the article object's id: found without comparing articles,
    whose equality compares every field (`tuple.index` took 2 ms per edited article at 10,000)."""
    return dict(zip(map(id, plan.articles), count()))


@dataclass(frozen=True, slots=True)
class PlanEdit:
    """What `with_articles` swapped in: the edited articles (their new form), and the slugs that changed."""

    articles: tuple[Article, ...]
    renamed: Mapping[str, str] = field(default_factory=dict)  # old slug -> new slug
    gone: tuple[str, ...] = ()  # output files of the old plan that the new one no longer has (renamed pages)


def with_articles(plan: SitePlan, articles: Sequence[Article]) -> tuple[SitePlan, PlanEdit] | None:
    """`plan` with the new text of edited articles swapped in; None when the plan must be remade.

    A plan is made from each article's slug, date and topics alone (the
    order, editions, topic lists, related articles, archive and feeds), so
    while those hold for every article, swapping in the edited ones gives the
    plan `plan_site` would: `serve` saves planning the whole archive again on
    each save. A new title may change an article's slug: while the order
    (newest first, slugs breaking ties) stays the same, the new slug is put
    in the old one's place everywhere. Unchanged articles hold the very same
    cleaned objects as before.
    """
    if len(articles) != len(plan.articles):
        return None
    edited: list[Article] = []
    renamed: dict[str, str] = {}
    old_by_rel: dict[str, Article] | None = None
    for article in articles:
        old = plan.by_slug.get(article.slug)
        if old is article:
            continue
        if old is None or old.clean.rel != article.clean.rel:
            old_by_rel = old_by_rel or {a.clean.rel: a for a in plan.articles}
            old = old_by_rel.get(article.clean.rel)
            if old is None:
                return None
            renamed[old.slug] = article.slug
        if old.topics != article.topics:
            return None
        if old.clean is not article.clean:
            if old.clean.date != article.clean.date:
                return None
            edited.append(article)
    by_slug = dict(plan.by_slug)
    for old_slug in renamed:
        del by_slug[old_slug]
    by_slug.update((a.slug, a) for a in edited)
    ordered = tuple(by_slug[renamed.get(a.slug, a.slug)] for a in plan.articles)
    if renamed:
        moved = [i for i, a in enumerate(plan.articles) if a.slug in renamed]
        if not all(_before(ordered[j - 1], ordered[j]) for i in moved for j in (i, i + 1) if 0 < j < len(ordered)):
            return None
        by_slug = {a.slug: a for a in ordered}  # in the plan's order, as `plan_site` makes it
    patched = replace(plan, articles=ordered, by_slug=MappingProxyType(by_slug))
    if not renamed:
        return patched, PlanEdit(tuple(edited))
    gone = tuple(p.output for p in plan.pages if p.kind is PageKind.ARTICLE and p.key in renamed)
    return _rename(patched, renamed), PlanEdit(tuple(edited), renamed, gone)


def _rename(plan: SitePlan, renamed: Mapping[str, str]) -> SitePlan:
    """`plan` with every slug of `renamed` replaced by its new one, where it is listed and in its page's address.

    Each of the plan's ten thousands of entries is tested inline (a set's `isdisjoint`, a dict's `get`), and only
    those naming a renamed slug are remade: a function call per entry was a sixth of a title edit in `serve`."""
    old = frozenset(renamed)
    get = renamed.get

    def all_new(slugs: tuple[str, ...]) -> tuple[str, ...]:
        return slugs if old.isdisjoint(slugs) else tuple(get(s, s) for s in slugs)

    def page(p: PagePlan) -> PagePlan:
        if p.kind is PageKind.ARTICLE and p.key in renamed:
            url = plan.links.article(renamed[p.key])
            return replace(p, key=renamed[p.key], url=url, output=output_path(url, plan.links.base_path),
                           slugs=all_new(p.slugs))
        return replace(p, slugs=all_new(p.slugs))

    return replace(
        plan,
        topic_slugs=tuple((tid, all_new(slugs)) for tid, slugs in plan.topic_slugs),
        editions=tuple(replace(e, groups=tuple((tid, all_new(slugs)) for tid, slugs in e.groups)) for e in plan.editions),
        pages=tuple(p if old.isdisjoint(p.slugs) else page(p) for p in plan.pages),
        related=MappingProxyType({get(s, s): slugs if old.isdisjoint(slugs) else all_new(slugs)
                                  for s, slugs in plan.related.items()}),
        neighbours=MappingProxyType({get(s, s): pair if old.isdisjoint(pair) else (pair[0] and get(pair[0], pair[0]),
                                                                                 pair[1] and get(pair[1], pair[1]))
                                     for s, pair in plan.neighbours.items()}),
        edition_of=MappingProxyType({get(s, s): e for s, e in plan.edition_of.items()}),
        months=tuple((m, all_new(slugs)) for m, slugs in plan.months),
        undated=all_new(plan.undated),
        feeds=tuple(replace(f, slugs=all_new(f.slugs)) for f in plan.feeds))


PackedPlan = tuple[object, ...]


def pack_plan(plan: SitePlan) -> PackedPlan:
    """`plan` as plain data for the build cache, so that a later `digest build` can edit it as `serve` does.

    Articles go in as (file, slug) pairs: the cache already holds them, and
    storing their texts twice would double its size. Topics and links come
    back from the rules and settings, which must be unchanged for the plan to
    be used at all. Pages are tuples: unpickling twelve thousand dataclasses
    field by field would cost more than the edit it saves. What follows from
    the rest (`_site_plan`) is not stored.
    """
    return (tuple((a.clean.rel, a.slug) for a in plan.articles), plan.topic_slugs, plan.editions,
            tuple(p.as_tuple() for p in plan.pages),
            dict(plan.related), plan.months, plan.undated, plan.feeds)


def unpack_plan(packed: PackedPlan, article: Callable[[str, str], Article], topics: tuple[Topic, ...],
                config: SiteConfig) -> SitePlan:
    """The plan `pack_plan` stored; `article(rel, slug)` gives back each article as that plan held it."""
    pairs, topic_slugs, editions, pages, related, months, undated, feeds = packed
    ordered = tuple(article(rel, slug) for rel, slug in pairs)  # type: ignore[attr-defined]
    return _site_plan(ordered, topics, topic_slugs, editions,  # type: ignore[arg-type]
                      tuple(PagePlan(_KINDS[kind], *rest) for kind, *rest in pages),  # type: ignore[attr-defined]
                      Links(config.base_path, config.site_url), related, _neighbours(editions),  # type: ignore[arg-type]
                      months, undated, feeds)  # type: ignore[arg-type]


def unknown_intros(intros: Mapping[str, str], plan: SitePlan) -> list[Diagnostic]:
    """An intro whose file name is no edition's id would silently never be shown."""
    known = [e.id for e in plan.editions]
    return [warning(f"content/editions/{eid}.md", f"no edition '{eid}'; the intro is not shown",
                    hint=did_you_mean(eid, known) or f"name the file after an edition id, such as {known[0] if known else '2021-W48'}")
            for eid in sorted(set(intros) - set(known))]
