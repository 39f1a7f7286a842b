"""What a build keeps between runs, and the keys that say whether it still holds.

`Builder` (build.py) keeps a `Snapshot` in memory between `serve` updates and
persists it in .digest-cache/ between `digest build` runs: the same values
either way, so the incremental paths cannot drift apart. Every reusable value
sits beside the key of everything it was computed from:

- an article's load: its file's size and mtime, else the SHA-256 of its bytes;
- its cleaning: those bytes, CLEANER_VERSION, the source rules, and the
  template lines learnt for its site (`clean_key`);
- its tags: the cleaning and the topic rules (`tag_key`);
- each output file: the site's settings and topics, the theme's files,
  digest's own code, and what that page shows (`page_digests`).

A key that differs means the value is recomputed; nothing is ever patched.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Callable, Collection, Iterable, Mapping

from digest import cache
from digest.config import SiteConfig
from digest.diagnostics import Diagnostic
from digest.model import Article, CleanArticle, FrontMatter, SourceKind, Topic
from digest.pickling import tuple_state
from digest.render.plan import Edition, FeedPlan, PageKind, PagePlan, PlanEdit, SitePlan, pack_plan, unpack_plan
from digest.render.pages import Seen
from digest.render.templates import COUNTS, RECENT_EDITIONS, SITE_WIDE
from digest.render.watch import WHOLE
from digest.write import Stamp

Tags = tuple[tuple[str, ...], tuple[Diagnostic, ...]]  # an article's topics, and the problems tagging it found
BUCKETS = 64  # cleaned articles are stored in this many files, so an edit rewrites one of them, not all
_PACKAGE = Path(__file__).resolve().parent


def digest_of(*parts: object) -> str:
    """A stable key for values whose repr is deterministic (strings, numbers, tuples, frozen dataclasses)."""
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def files_digest(paths: Iterable[Path], *, root: Path | None = None) -> str:
    """Hash of some files' names and bytes: the theme, the rule files, digest's own code."""
    h = hashlib.blake2b(digest_size=16)
    for path in paths:
        h.update(str(path.relative_to(root) if root else path).encode("utf-8") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\0missing")
        h.update(b"\0")
    return h.hexdigest()


def code_digest() -> str:
    """digest's own source: rendering or tagging code that changed invalidates what it made."""
    return files_digest(sorted(_PACKAGE.rglob("*.py")), root=_PACKAGE)


def tree_digest(dirs: Iterable[Path]) -> str:
    """Hash of every file under some directories (the theme: templates and static assets)."""
    return files_digest([p for d in dirs for p in sorted(d.rglob("*")) if p.is_file()])


@tuple_state
@dataclass(frozen=True, slots=True)
class Cleaned:
    clean: CleanArticle | None  # None: no text left after cleaning; verdicts are not kept (`clean --explain` has them)
    problems: tuple[Diagnostic, ...]
    title_slug: str = ""  # kept: slugifying every title on every edit would be most of an update's time
    words: str = ""  # the article's search words, space-separated: the search index is rebuilt from these


@tuple_state
@dataclass(frozen=True, slots=True)
class Record:
    """One article file as the last run left it."""

    stat: tuple[int, int]  # size, mtime_ns: while they match, `checksum` still holds
    checksum: str  # SHA-256 of the file's bytes ("" when unreadable)
    problems: tuple[Diagnostic, ...]  # from loading it
    kind: SourceKind | None = None  # None: not on the site (a draft, empty, unreadable)
    drafted: bool = False
    site: str = ""  # site key for template lines
    lines: bytes = b""  # its candidate template lines' digests (page dumps only), packed
    clean_key: str = ""
    cleaned: Cleaned | None = None
    tag_key: str = ""
    tags: Tags | None = None


@dataclass(frozen=True, slots=True)
class SeenReads:
    """What pages were seen reading as they rendered (`pages.Seen`), with one theme and digest's code (`key`): the
    keys of the pages are made of it (`page_digests`), for as long as the theme and the code are those."""

    key: str = ""
    beyond: bool = False  # a page read an article it does not list: every page depends on every article
    # Page kind -> the fields its pages read of the articles they list but are not about. A kind missing here
    # has had no page rendered: its pages depend on the whole of each article they list.
    fields: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Which watched variables the site's own templates read (`templates.site_reads`), once asked: parsing them
    # again was 0.02 s of a one-article build with a template of its own.
    theme_reads: frozenset[str] | None = None

    def adding(self, seen: Iterable[Seen]) -> SeenReads:
        beyond, found = self.beyond, {kind: set(names) for kind, names in self.fields.items()}
        for page in seen:
            beyond = beyond or page.beyond
            found.setdefault(page.kind, set()).update(page.fields)
        return SeenReads(self.key, beyond, {kind: frozenset(names) for kind, names in sorted(found.items())},
                         self.theme_reads)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a run reuses from the previous one."""

    load_key: str  # zone, drafts, strict, source rules, versions: records hold only while this matches
    records: Mapping[str, Record] = field(default_factory=dict)  # by path relative to content/
    templates: Mapping[str, frozenset[bytes]] = field(default_factory=dict)  # site -> learnt template lines
    output: str = ""  # the output directory the stamps describe
    digests: Mapping[str, str] = field(default_factory=dict)  # output file (or group) -> digest of its inputs
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # group -> the files it made
    stamps: Mapping[str, Stamp] = field(default_factory=dict)  # output file -> as written
    outcome: Outcome | None = None  # what the run reported, for a next run that finds nothing changed
    plan: SitePlan | None = None  # the plan `digests` were made from, for a next run to edit (`with_articles`)
    plan_file: str = ""  # checksum of the plan.bin that holds `plan` (`load_plan`); "" until a save writes one
    reads_seen: SeenReads = SeenReads()

    def made_from(self, inputs_key: str) -> bool:
        """Whether the run that left this snapshot had these project-wide inputs (`Outcome.inputs_key`)."""
        return self.outcome is not None and self.outcome.inputs_key == inputs_key

    def planned_with(self, plan_key: str) -> bool:
        """Whether the run that left this snapshot planned from these inputs (`Outcome.plan_key`)."""
        return self.outcome is not None and self.outcome.plan_key == plan_key


@dataclass(frozen=True, slots=True)
class Outcome:
    """A run's report, replayed by a next run whose inputs and outputs are all unchanged."""

    inputs_key: str  # every project-wide input: settings, rules, theme, intros, code, options, output
    plan_key: str  # those the plan is made from: all but the theme and the output directory
    articles: int
    pages: int
    drafts_skipped: int
    problems: tuple[Diagnostic, ...]
    skipped: tuple[str, ...]


def article_digest(record: Record, slug: str) -> str:
    assert record.tags is not None
    return digest_of(record.clean_key, slug, record.tags[0])


def listed_digest(record: Record, slug: str, names: frozenset[str]) -> str | None:
    """An article as pages that list it show it, by the fields they were seen reading (`SeenReads.fields`), when
    those are among what a cached article holds unpacked (`_EAGER`: the title and date of a list of links, and
    its topics); None for others, which `article_digest` stands for: reading and hashing a body for every page
    key costs more than the few pages (those showing a summary) it would spare."""
    assert record.tags is not None and record.cleaned is not None
    read = names - {"topics"}
    if not read <= _EAGER_NAMES:
        return None
    clean = record.cleaned.clean
    return digest_of(slug, record.tags[0] if "topics" in names else None,
                     tuple((name, getattr(clean, name)) for name in sorted(read)))


def page_digests(plan: SitePlan, config: SiteConfig, article: Callable[[str], str], *,
                 listed: Callable[[str, frozenset[str]], str] | None = None,
                 fields: Mapping[str, frozenset[str]] | None = None, theme: str, code: str,
                 reads: frozenset[str] = frozenset(), previous: Mapping[str, str] | None = None,
                 edit: PlanEdit | None = None, last: SitePlan | None = None,
                 touched: Collection[str] = (),
                 listed_before: Callable[[str, frozenset[str]], str | None] | None = None) -> dict[str, str]:
    """Output file -> digest of everything it is made from; equal digests mean equal bytes.

    A page shows the site's settings and the topics (every page's
    navigation); its own plan; the articles it lists (`PagePlan.slugs`:
    itself, related, previous and next on an article page), the one it is
    about by `article`, the others by `listed` with the fields its kind's
    pages were seen reading (`fields`; by `article` where none were seen or
    one was read whole); the lists only it
    shows (its edition, all editions, the months; an article page gets its
    edition whole, which a theme may list or introduce); and editions' names
    where the default theme shows them (the home page the recent ones'), so
    that a new edition does not re-render every page. The topics' article
    counts change with every added article; the default theme shows them
    only on COUNTED_PAGES (a topic page its own topic's and its subtopics'),
    so they are part of those pages' digests alone and an addition does not
    re-render every article page, nor every topic's pages. `reads` says which
    of the variables every template receives a template of the site's own
    reads (`templates.site_reads`): with the counts (`topic_counts`) or the
    recent editions (`editions`), every page depends on them; with `plan`,
    on every article and every edition's name. The cache-equivalence tests
    hold this to what the templates use. The sitemap depends on every page
    and article date, the search index on every article.

    `touched`: the articles whose digests may have changed since `previous`
    (the last run's digests). With the `edit` that `plan.with_articles` made
    of the plan they were made from, only the files showing a touched
    article are digested again (with a slug renamed, also the lists of all
    editions and months), but not a page that only lists touched articles
    which `listed` counts as `listed_before` did (the last run's way, None
    for an article it did not have): a text edit left the title and date
    that 300 article pages list as related as they were, and digesting
    those pages again was most of its keys. The search index's digest is
    chained from its previous one (the sitemap's too, when a slug was
    renamed): equal to no cold build's, but different from every earlier
    one, which is all a digest is compared for. With the `last` plan they
    were made from instead (the site was planned anew: an article added, or
    one's topics or date changed), a page whose inputs are what they were
    in `last` and that shows no touched article keeps its digest: the same
    value, with less work; the search index's is chained from its previous
    one, with the articles' order and the touched articles' digests.
    """
    whole_site = not SITE_WIDE.isdisjoint(reads)
    every_article = tuple(article(a.slug) for a in plan.articles) if whole_site else None
    shared, inputs = _page_inputs(plan, config, reads, theme=theme, code=code, every_article=every_article)
    edition_keys: dict[str, str] = {}  # an article page's edition, digested once for all its article pages

    def own(page: PagePlan) -> str:
        _, shown, counted, named = inputs(page)
        if isinstance(named, Edition):
            key = edition_keys.get(named.id)
            if key is None:
                key = edition_keys[named.id] = digest_of(named)
            named = key
        names = fields.get(page.kind.value) if fields is not None else None
        if listed is None or names is None or WHOLE in names:
            articles = tuple(article(s) for s in page.slugs)
        else:
            about = page.key if page.kind is PageKind.ARTICLE else None
            articles = tuple(article(s) if s == about else listed(s, names) for s in page.slugs)
        return digest_of(shared, page.as_tuple(), shown, counted, named, articles)

    touched = frozenset(touched)
    renamed = edit.renamed if edit is not None else {}

    def anew(page: PagePlan) -> bool:
        """Whether a page showing touched articles may show one otherwise than its previous digest counted it.
        Asked only of those (a function call for each of 12,000 pages was 3 ms of an edit)."""
        names = fields.get(page.kind.value) if fields is not None else None
        if (renamed or listed is None or listed_before is None or names is None or WHOLE in names
                or previous is None or page.output not in previous):
            return True
        about = page.key if page.kind is PageKind.ARTICLE else None
        return any(s == about or listed(s, names) != listed_before(s, names)
                   for s in touched.intersection(page.slugs))

    if previous is not None and not whole_site and edit is not None:
        digests = dict(previous)
        lists_all = (PageKind.EDITIONS, PageKind.ARCHIVE) if renamed else ()
        # A new slug changes its edition, which each of the edition's article pages gets.
        regrouped = {e.id for e in plan.editions if not touched.isdisjoint(e.slugs)} if renamed else set()
        pages = [page for page in plan.pages if not touched.isdisjoint(page.slugs) and anew(page)
                 or renamed and (page.kind in lists_all
                                 or page.kind is PageKind.ARTICLE and plan.edition_of.get(page.key) in regrouped)]
        feeds = [feed for feed in plan.feeds if not touched.isdisjoint(feed.slugs)]
        digests[SEARCH] = digest_of(previous[SEARCH], tuple(article(s) for s in sorted(touched)))
        if renamed:
            for out in edit.gone:
                digests.pop(out, None)
            digests[SITEMAP] = digest_of(previous[SITEMAP], tuple(sorted(renamed.items())))
    else:
        digests, pages, feeds = {}, list(plan.pages), list(plan.feeds)
        if previous is not None and last is not None and SEARCH in previous and not whole_site:
            kept = _kept_digests(pages, feeds, last, previous, touched, anew, (shared, inputs),
                                 _page_inputs(last, config, reads, theme=theme, code=code, every_article=None))
        else:
            kept = None
        if kept is not None and SITEMAP in previous and _same_sitemap(last, plan):  # type: ignore[operator,arg-type]
            digests[SITEMAP] = previous[SITEMAP]  # type: ignore[index]
        else:  # a new digest's repr of every article's date took 20 ms of an edit that changed no address or date
            digests[SITEMAP] = digest_of(shared, tuple(p.output for p in plan.pages),
                                         tuple((a.slug, a.clean.date) for a in plan.articles))
        if kept is not None:
            digests.update(kept)
            pages = [page for page in pages if page.output not in kept]
            feeds = [feed for feed in feeds if feed.rss not in kept]
            # The index holds every article's words in the plan's order: chained, as for an edit.
            digests[SEARCH] = digest_of(previous[SEARCH], tuple(a.slug for a in plan.articles),  # type: ignore[index]
                                        tuple(article(s) for s in sorted(touched)))
        else:
            digests[SEARCH] = digest_of(shared, tuple(article(a.slug) for a in plan.articles))
    digests.update((page.output, own(page)) for page in pages)
    for feed in feeds:
        digests[feed.rss] = digests[feed.atom] = digest_of(shared, feed, tuple(article(s) for s in feed.slugs))
    return digests


def _kept_digests(pages: list[PagePlan], feeds: list[FeedPlan], last: SitePlan, previous: Mapping[str, str],
                  touched: frozenset[str], anew: Callable[[PagePlan], bool],
                  keys: tuple[str, Callable[[PagePlan], tuple[object, ...]]],
                  last_keys: tuple[str, Callable[[PagePlan], tuple[object, ...]]]) -> dict[str, str] | None:
    """The previous digests of the pages and feeds whose inputs are those they had in `last` and that show no
    touched article (a page: otherwise than it did, `anew`); None when what every page shows changed (`keys`,
    `last_keys`: `_page_inputs` of the two plans)."""
    (shared, inputs), (last_shared, last_inputs) = keys, last_keys
    if last_shared != shared:
        return None
    before = {p.output: p for p in last.pages}
    kept = {page.output: previous[page.output] for page in pages
            if (old := before.get(page.output)) is not None and page.output in previous
            and (touched.isdisjoint(page.slugs) or not anew(page)) and last_inputs(old) == inputs(page)}
    feeds_before = {f.rss: f for f in last.feeds}
    kept.update((out, previous[feed.rss]) for feed in feeds
                if feeds_before.get(feed.rss) == feed and feed.rss in previous and touched.isdisjoint(feed.slugs)
                for out in (feed.rss, feed.atom))
    return kept


def _same_sitemap(last: SitePlan, plan: SitePlan) -> bool:
    """Whether what the sitemap is made from, beside what every page shows, is unchanged: every page's file, every
    article's slug and date. Most pages and articles are the last plan's own objects, told at once."""
    return (len(last.pages) == len(plan.pages) and len(last.articles) == len(plan.articles)
            and all(p is q or p.output == q.output for p, q in zip(last.pages, plan.pages))
            and all(a is b or (a.slug == b.slug and a.clean.date == b.clean.date)
                    for a, b in zip(last.articles, plan.articles)))


def _page_inputs(plan: SitePlan, config: SiteConfig, reads: frozenset[str], *, theme: str, code: str,
                 every_article: tuple[str, ...] | None) -> tuple[str, Callable[[PagePlan], tuple[object, ...]]]:
    """What every page of `plan` shows (a digest), and what a page shows beyond it and its articles' digests:
    its plan, the list it shows, the counts, and the editions it names or gets (see `page_digests`), as values
    two plans' pages can be compared by."""
    counts = tuple((t, len(s)) for t, s in plan.topic_slugs)
    recent = plan.editions[:config.home_editions] if RECENT_EDITIONS in reads else None
    names = tuple((e.id, e.label) for e in plan.editions)
    shared = digest_of(code, theme, config, plan.topics, counts if COUNTS in reads else None,
                       names if every_article is not None else None, recent, every_article)
    editions = {e.id: e for e in plan.editions}
    lists = {PageKind.HOME: plan.editions[0] if plan.editions else None, PageKind.EDITIONS: plan.editions,
             PageKind.ARCHIVE: plan.months}
    count_of = dict(counts)
    edition_of = plan.edition_of

    def inputs(page: PagePlan) -> tuple[object, ...]:
        if page.kind is PageKind.ARTICLE:  # most pages: only the edition it belongs to (its `edition`)
            return page, None, None, editions.get(edition_of.get(page.key, ""))
        shown = editions.get(page.key) if page.kind is PageKind.EDITION else lists.get(page.kind)
        if page.kind is PageKind.TOPIC:  # its own topic's count and its subtopics'
            counted: object = tuple(count_of.get(t) for t in (page.key, *plan.children.get(page.key, ())))
        else:
            counted = counts if page.kind in COUNTED_PAGES else None
        named = names[:config.home_editions] if page.kind is PageKind.HOME else None
        # The page itself: compared with the last plan's, a page that plan_site took from it as it was is equal
        # at once (a tuple's comparison tests identity first); digested, its `as_tuple`.
        return page, shown, counted, named
    return shared, inputs


COUNTED_PAGES = frozenset({PageKind.HOME, PageKind.TOPIC, PageKind.TOPICS})  # the default theme's pages with counts
SITEMAP = "sitemap.xml"
SEARCH = "<search index>"  # the group of files made from every article's words


def _bucket(rel: str) -> int:
    """The bucket file an article is stored in. CRC-32 spreads names as evenly as a cryptographic hash, in a fifth
    of the time: a save finds the members of the buckets it writes among every article."""
    return zlib.crc32(rel.encode("utf-8")) % BUCKETS


_ARTICLE_FIELDS = tuple(f.name for f in fields(CleanArticle))
_META_FIELDS = tuple(f.name for f in fields(FrontMatter))
# What a build reads of every article: its file, where the plan puts it, and its title (the search index lists it).
_EAGER = ("rel", "kind", "title", "date")
_EAGER_NAMES = frozenset(_EAGER)
_LAZY = tuple(name for name in _ARTICLE_FIELDS if name not in _EAGER)
_LAZY_NAMES = frozenset(_LAZY)


class StoredArticle(CleanArticle):
    """A cleaned article as the cache holds it: file, kind, title and date at once, the rest unpickled on first use.

    A one-article `digest build` needs every article's file and date to edit
    the plan, but the texts of only the few articles shown on the pages it
    renders again: unpickling them all was a third of its time at 10,000
    articles. The other fields' slots start unset; reading one raises
    AttributeError inside Python, which then asks `__getattr__`, which fills
    every slot at once. From then on the fields read as fast as any
    CleanArticle's, and equality, hashing and pickling see the same values.
    """

    __slots__ = ("_stored",)  # the other fields, pickled (`_pack`), until they are read (`cache.Blob`)
    _stored: memoryview | bytes

    def __getattr__(self, name: str) -> object:
        if name not in _LAZY_NAMES:
            raise AttributeError(name)
        self.unpack()
        return getattr(self, name)

    def unpack(self) -> None:
        """Fill every field now; nothing to do once they are."""
        try:
            stored = self._stored
        except AttributeError:
            return
        values = cache.loads(stored)
        if not (isinstance(values, tuple) and len(values) == len(_LAZY)):  # the bucket holding it was checksummed
            raise RuntimeError(f"the build cache's copy of {self.rel} cannot be read: remove {cache.CACHE_DIR}/")
        for field_name, value in zip(_LAZY, values):
            object.__setattr__(self, field_name, FrontMatter(*value) if field_name == "meta" else value)
        object.__delattr__(self, "_stored")

    def __eq__(self, other: object) -> bool:
        """Equal to the article it stores (a dataclass compares only objects of one class)."""
        if not isinstance(other, CleanArticle):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _ARTICLE_FIELDS)

    __hash__ = CleanArticle.__hash__


def unpack_articles(articles: Iterable[CleanArticle | None]) -> None:
    """Unpack the stored articles among `articles` now, before forking workers that will read them.

    The workers then share one copy. Left to them, each process unpacked its
    own copy of the articles its share showed: the same work twice, and a
    rule change at 50,000 articles peaked at 1,061 MiB instead of 1,030.
    """
    for article in articles:
        if type(article) is StoredArticle:
            article.unpack()


def _pack(cleaned: Cleaned | None) -> tuple[object, ...] | None:
    """Cleaned articles stored as plain tuples: unpickling thousands of dataclasses field by field is slow.

    An article's fields past `_EAGER` are pickled apart, into bytes stored out
    of band (`cache.Blob`) that stay packed, in the cache file's memory map,
    until a later run reads them (`StoredArticle`); one that was never read is
    stored again as it came. Texts go in as copies: pickling a str
    leaves its UTF-8 form cached inside it for as long as it lives, and a build
    keeps every article's text, so saving the cache grew a 50,000-article
    build by 200 MB (Vietnamese is not ASCII; an ASCII str needs no such copy).
    """
    if cleaned is None:
        return None
    article = cleaned.clean
    if article is None:
        values = None
    else:
        kept = getattr(article, "_stored", None) if type(article) is StoredArticle else None
        stored = cache.Blob(kept) if kept is not None else cache.dumps(tuple(
            tuple(getattr(article.meta, f) for f in _META_FIELDS) if name == "meta"
            else _copy(getattr(article, name)) if name in _TEXT
            else tuple(map(_copy, getattr(article, name))) if name in _TEXTS
            else getattr(article, name)
            for name in _LAZY))
        eager = (getattr(article, name) for name in _EAGER)
        values = (*(_copy(value) if isinstance(value, str) else value for value in eager), stored)
    return values, cleaned.problems, cleaned.title_slug, _copy(cleaned.words)


_TEXT = frozenset({"title", "lead", "body_text", "markup"})  # an article's long texts
_TEXTS = frozenset({"captions"})


def _copy(text: str) -> str:
    """A new str equal to `text` (joining it with "" makes one; slicing or str() would not), unless ASCII."""
    return text if text.isascii() else "".join((text, ""))


def _unpack(packed: tuple[object, ...] | None, rel: str) -> Cleaned | None:
    """The cleaned article of the file `rel`, whose name it shares: a copy of each file's name took 6 MB at
    50,000 articles."""
    if packed is None:
        return None
    values, problems, title_slug, words = packed
    article = None
    if values is not None:
        article = StoredArticle.__new__(StoredArticle)
        for name, value in zip((*_EAGER, "_stored"), values):  # type: ignore[call-overload]
            object.__setattr__(article, name, value)
        object.__setattr__(article, "rel", rel)
    return Cleaned(article, problems, title_slug, words)  # type: ignore[arg-type]


AHEAD = "site-ahead"  # present from a run's first write to the output or the buckets until its index is saved


def mark_ahead(folder: Path, ahead: bool) -> None:
    """Say whether the output may hold files the saved index does not list (`serve` saves only when editors
    pause, and any run can be killed between writing the site and saving): while it may, the next run looks
    at every file in the output for ones to delete, instead of trusting the index's list."""
    if ahead:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / AHEAD).touch()
    else:
        (folder / AHEAD).unlink(missing_ok=True)


def is_ahead(folder: Path) -> bool:
    return (folder / AHEAD).exists()


def index_stamp(folder: Path) -> tuple[int, int, int] | None:
    """Which index file is there: a save diffs against the snapshot it read or wrote only while that one is."""
    try:
        stat = (folder / "index.bin").stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load_index(folder: Path) -> Snapshot | None:
    """The snapshot's index: records without their cleaned articles (`load_articles` adds them).

    Enough to see that nothing changed, which is what most builds find.
    Records are stored as plain tuples: pickling ten thousand dataclasses
    field by field took longer than the rest of an edit's build.
    """
    entry = cache.read_entry(folder / "index.bin")
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], Snapshot)
            and isinstance(entry[1], dict)):
        return None
    index, light = entry
    return replace(index, records={rel: Record(*fields) for rel, fields in light.items()})


def load_articles(folder: Path, index: Snapshot, *, unpack: bool = False, mapped: bool = True) -> Snapshot | None:
    """`index` with each record's cleaned article, tags and template lines; None when a bucket cannot be trusted.

    Each bucket is unpacked as soon as it is read, so only one bucket's stored bytes are alive at a time.
    With `unpack` (a run that will read every article: the rules, the theme or the settings changed), the
    articles' texts are unpacked there too, bucket by bucket, rather than all of them later, which leaves the
    freed packed copies as holes in the heap: a rule change at 50,000 articles peaked at 1,013 MiB instead of
    1,030. `mapped`: the packed texts may stay views of the files' memory maps (`cache.read_entry`), which a
    process that lives on (`serve`) should not keep.
    """
    parts: dict[str, tuple[str, bytes, str, Cleaned | None, str, Tags | None]] = {}
    for number in range(BUCKETS):
        bucket = cache.read_entry(folder / "articles" / f"{number:02x}.bin", mapped=mapped)
        if not isinstance(bucket, dict):
            return None
        for rel, (lines, clean_key, cleaned, tag_key, tags) in bucket.items():
            if rel in index.records:
                kept = _unpack(cleaned, rel)
                if unpack and kept is not None and isinstance(kept.clean, StoredArticle):
                    kept.clean.unpack()
                parts[rel] = rel, lines, clean_key, kept, tag_key, tags
        del bucket
    records = {}
    for rel, record in index.records.items():  # keyed by the name the article holds
        name, lines, clean_key, cleaned, tag_key, tags = parts.get(rel, (rel, b"", "", None, "", None))
        records[name] = Record(record.stat, record.checksum, record.problems, record.kind, record.drafted, record.site,
                               lines, clean_key, cleaned, tag_key, tags)
    return replace(index, records=records)


def dirty_buckets(records: Mapping[str, Record], previous: Snapshot | None,
                  rewrite: Collection[int] = ()) -> set[int]:
    """The buckets holding a record that differs from `previous`'s (every bucket without it), and `rewrite`."""
    if previous is None:
        return set(range(BUCKETS))
    old = previous.records
    moved = (rel for rel in records.keys() | old.keys() if _moved(old.get(rel), records.get(rel)))
    return set(rewrite) | set(map(_bucket, moved))


def save_articles(folder: Path, records: Mapping[str, Record], buckets: Collection[int], *,
                  stop: Callable[[], bool] = lambda: False) -> set[int]:
    """Write `buckets` with the records they now hold; returns those written, all unless `stop` cut it short."""
    members: dict[int, list[str]] = {number: [] for number in buckets}
    for rel in records:
        number = _bucket(rel)
        if number in members:
            members[number].append(rel)
    written: set[int] = set()
    for number in sorted(members):  # packed and written one at a time: all at once held a copy of every article
        if stop():
            break
        cache.write_entry(folder / "articles" / f"{number:02x}.bin", {rel: (
            records[rel].lines, records[rel].clean_key, _pack(records[rel].cleaned), records[rel].tag_key,
            records[rel].tags) for rel in members[number]})
        written.add(number)
    return written


def save_snapshot(folder: Path, snapshot: Snapshot, previous: Snapshot | None, *,
                  stop: Callable[[], bool] = lambda: False, rewrite: Collection[int] = (),
                  dirty: Collection[int] | None = None,
                  articles: Callable[[], set[int]] | None = None) -> set[int] | None:
    """Write the buckets of records that differ from `previous`'s (and the buckets `rewrite`), then the index.

    Returns None once all is written, or the buckets written before `stop`
    cut it short: they no longer hold what `previous` says, so the next save
    must rewrite them (`rewrite`). The index goes last because it vouches for
    the buckets: a record whose file still has the size and mtime the index
    gives is taken with whatever its bucket holds, unchecked. A save cut short
    (`serve` giving way to the next edit, or a killed process) leaves the old
    index, whose records are all still in their buckets with the keys that
    tell whether they hold. `dirty`: the buckets to write, when the caller
    found them already (`dirty_buckets`, with the same records, `previous`
    and `rewrite`). `articles`: the caller had the buckets written already
    (`save_articles`, in another process); it gives those written.
    """
    if articles is not None:
        written = articles()
    elif previous is not None and not rewrite and _same(snapshot, previous):
        return None  # a build that changed nothing rewrites nothing
    else:
        dirty = dirty_buckets(snapshot.records, previous, rewrite) if dirty is None else dirty
        written = save_articles(folder, snapshot.records, dirty, stop=stop)
        if written != dirty:
            return written
    if stop():
        return written
    plan_file = snapshot.plan_file
    if not plan_file and snapshot.plan is not None:
        plan_file = cache.write_entry(folder / PLAN_FILE, pack_plan(snapshot.plan)) or ""
    light = {rel: (r.stat, r.checksum, r.problems, r.kind, r.drafted, r.site) for rel, r in snapshot.records.items()}
    cache.write_entry(folder / "index.bin", (replace(snapshot, records={}, plan=None, plan_file=plan_file), light))
    return None


PLAN_FILE = "plan.bin"


def load_plan(folder: Path, snapshot: Snapshot, topics: tuple[Topic, ...], config: SiteConfig) -> SitePlan | None:
    """The plan a snapshot read from the cache was made with, its articles taken from the snapshot's records;
    None when there is none or it does not fit them.

    The plan is a file of its own, which the index names by checksum: a
    build that finds nothing changed, the most common one, does not read it,
    and saving streams it to disk instead of holding a pickled copy (30 MB
    more at the peak of a 50,000-article build). A plan.bin written by a save
    cut short before its index is not the one named, and is ignored.
    """
    packed = cache.read_entry(folder / PLAN_FILE, checksum=snapshot.plan_file) if snapshot.plan_file else None
    records = snapshot.records

    def article(rel: str, slug: str) -> Article:
        record = records[rel]
        if record.cleaned is None or record.cleaned.clean is None or record.tags is None:
            raise KeyError(rel)  # an article the plan shows has no text or tags here
        return Article(record.cleaned.clean, slug, record.tags[0])
    try:
        return unpack_plan(packed, article, topics, config)  # type: ignore[arg-type]
    except (TypeError, ValueError, KeyError):  # none stored, or not this snapshot's
        return None


def _moved(before: Record | None, record: Record | None) -> bool:
    """Whether a record's stored part differs from the one saved before."""
    return before is None or record is None or (before.clean_key, before.tag_key, before.lines) != (
        record.clean_key, record.tag_key, record.lines)


def _same(new: Snapshot, old: Snapshot) -> bool:
    """Whether `new` holds what `old` does: unchanged records are the very same objects."""
    return (new.load_key == old.load_key and new.output == old.output and new.records.keys() == old.records.keys()
            and all(record is old.records[rel] for rel, record in new.records.items())
            and new.templates == old.templates and new.digests == old.digests and new.groups == old.groups
            and new.stamps == old.stamps and new.outcome == old.outcome and new.reads_seen == old.reads_seen)
