"""build(options) -> BuildResult: load -> clean -> tag -> render -> write.

Everything is gathered and checked before anything is written: an error in any
article, rule or template stops the build before the output directory is
touched, and every such error is reported in the same run.

A `Builder` keeps what a run computed (`buildstate.Snapshot`), so that the
next run redoes only what changed: `digest serve` keeps it in memory between
edits, `digest build` in .digest-cache/ between runs. A cold build is the same
`Builder` run from nothing, so the paths cannot drift apart; the tests compare
their output byte for byte.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import sys
import time
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, Sequence

import jinja2

from digest import __version__
from digest.buildstate import (SEARCH, SITEMAP, Cleaned, Outcome, Record, SeenReads, Snapshot, Tags,
                               article_digest, code_digest, digest_of, files_digest, index_stamp, is_ahead,
                               listed_digest, load_articles, load_index, load_plan, mark_ahead, page_digests,
                               dirty_buckets, save_articles, save_snapshot, tree_digest, unpack_articles)
from digest import cache
from digest.cache import CACHE_DIR
from digest.clean import CLEANER_VERSION, CleanContext, clean_article, title_warning
from digest.clean.sources import SourceRule, load_source_rules
from digest.clean.templates import dump_lines, site_key, template_lines
from digest.config import SiteConfig, load_config
from digest.diagnostics import Diagnostic, DigestError, errors_in, warning
from digest.lang import prepare_language_guess
from digest.load import load_sources
from digest.load.discover import article_names, article_stats, is_article_path, path_order
from digest.load.intros import load_intros
from digest.model import Article, CleanArticle, SourceDocument, SourceKind
from digest.parallel import default_jobs, forks, in_background, map_batches
from digest.render.feeds import FeedItems, FeedRenderer
from digest.render.pages import KeptFragments, PageRenderer, Seen, fixed_files
from digest.render.plan import PlanEdit, SitePlan, places, plan_site, unknown_intros, with_articles
from digest.render.search import article_words, edit_search_files, search_entry, search_files
from digest.render.sitemap import edit_sitemap, sitemap_xml
from digest.render.templates import SITE_WIDE, make_environment, site_reads, theme_dirs
from digest.render.urls import SlugKey, assign_slugs, reassigned_slugs, title_slug
from digest.topics import RuleSet, find_rule_files, load_rules, tag_articles
from digest.write import MARKER, Put, SiteWriter, Stamp

# Characters of article text held between loading and cleaning (a Vietnamese character takes 2 bytes in memory):
# past it, cleaning reads the file again. About 4,000 typical dumps fit; holding 50,000 took over a GB.
DOC_BUDGET = 48 * 1024 * 1024
MAX_SEARCH_EDITS = 200  # articles whose words changed, past which making the whole search index again is quicker
CLEAN_STRIPE = 64  # articles a process cleans, then tags, at a time (`_clean_and_tag_docs`)
RENDER_STRIPE = 64  # files a process renders, then writes, at a time (render and write stages: 2.1 -> 1.95 s)
MAX_GUESSES = 8  # edited articles cleaned ahead by another process (`Builder._guess`); past it, by all the workers
RELEASE_AFTER = 500  # articles cleaned from which their dropped texts are given back (`_release_free_memory`)
AHEAD_BUCKETS = 4  # cache buckets to write from which a forked process writes them (`Builder._save_ahead`)
Guess = tuple[str, str, Cleaned, Tags | None]  # an article's clean and tag keys, cleaned and tagged with them
Progress = Callable[[str, int, int], None]  # (stage, items done, items in all): drawn by the CLI on a terminal
_Maker = Callable[[Any], tuple[bytes, Seen | None]]  # an output file's item -> its bytes, and what they read
_Task = tuple[str, _Maker, Any]  # an output file, its maker, and the item it is made from
Timing = tuple[str, float, float, float | None]  # (stage, wall seconds, CPU seconds, peak MiB at its end)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    project: Path = Path(".")
    output: Path | None = None  # default: <project>/site
    drafts: bool = False
    strict: bool = False  # an article with no text left after cleaning is an error, not a skipped warning
    jobs: int = 0  # processes for cleaning, tagging and rendering; 0: every core
    cache: bool = True  # start from .digest-cache/ and leave it up to date


@dataclass(frozen=True, slots=True)
class BuildResult:
    output: Path
    articles: int
    pages: int
    written: int
    unchanged: int
    drafts_skipped: int
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    skipped: tuple[str, ...] = ()  # articles with no text left after cleaning
    base_path: str = "/"  # the URL path the site lives under (from base_url)
    reused: int = 0  # articles whose cleaned form came from the last run or the cache
    cleaned: int = 0  # articles cleaned in this run
    tagged: int = 0  # articles tagged in this run (cleaned ones, or all of them after a rules change)
    timings: tuple[Timing, ...] = ()  # in order


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed since the last build, and so what an update must redo."""

    articles: frozenset[str] = frozenset()  # article files (relative to content/) edited, added or deleted
    rules: bool = False  # re-tag every article, without re-cleaning
    templates: bool = False  # re-render every page, without re-cleaning or re-tagging
    intros: bool = False  # edition intros: re-read them; only the pages showing them re-render
    everything: bool = False  # the configuration (or something unknown) changed: start over

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.articles | other.articles, self.rules or other.rules, self.templates or other.templates,
                         self.intros or other.intros, self.everything or other.everything)

    def __bool__(self) -> bool:
        return bool(self.articles) or self.rules or self.templates or self.intros or self.everything


@dataclass(frozen=True, slots=True)
class _Inputs:
    """The project-wide inputs of a run, kept for the next `serve` update."""

    config: SiteConfig
    rules: RuleSet
    rules_key: str
    source_rules: tuple[SourceRule, ...]
    env: jinja2.Environment
    theme_key: str
    # Which variables of every page the templates of the site's own read (`site_reads`); asked only when pages
    # are digested, so that a build finding nothing changed does not parse the site's templates.
    site_reads: Callable[[], frozenset[str]]
    intros: tuple[dict[str, str], tuple[Diagnostic, ...]]  # edition id -> Markdown, and the problems reading them


def _stat(path: Path | str) -> tuple[int, int] | None:
    """Size and mtime; called for every article and output file of a build, so given plain strings
    (`os.path.join`) where it can be: building a Path is slower than the stat."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@contextmanager
def _uncollected() -> Iterator[None]:
    """Read what the cache holds without the cyclic collector, then put it out of the collector's sight.

    Unpickling the cache makes hundreds of thousands of containers, none of
    them garbage, and they outlive the run: every few hundred of them started
    a collection, and the full ones walked all that was read so far. Without
    them, and with later passes (cleaning builds its stoplist index) no longer
    walking the cache's objects, a one-article build at 10,000 articles took
    0.1 s less.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _cpu_seconds() -> float:
    """CPU time of this process and of the workers it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _peak_mib() -> float | None:
    """The building process's largest resident memory so far, in MiB; None where the system does not say.

    Workers are left out: the building process holds every article and the
    plan, and is where a large build peaks (issue 7's limit at 50,000 articles).
    """
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def _release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's `malloc_trim`; elsewhere nothing).

    The texts dropped after cleaning leave holes in the heap, which glibc keeps
    mapped: at 10,000 raw articles 90 of the building process's 273 MiB, which
    the later stages' own memory came on top of (its peak went from 315 to 272
    MiB). Later allocations fill the holes again, page by page. Trimming takes
    2 to 3 ms at 10,000 articles: an edit of a few articles, whose texts leave
    no holes worth it, does without.
    """
    import ctypes  # here: most builds clean nothing and never need it

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, TypeError, AttributeError):  # no C library by that name, or one without malloc_trim
        return
    trim(0)


class _Clock:
    """Wall and CPU seconds per stage, and the memory peak so far, for `--profile` (on a shared machine wall and
    CPU time differ a lot; the peak says which stage set it)."""

    def __init__(self) -> None:
        self.stages: list[Timing] = []
        self._last = time.perf_counter(), _cpu_seconds()

    def lap(self, stage: str) -> None:
        now = time.perf_counter(), _cpu_seconds()
        self.stages.append((stage, now[0] - self._last[0], now[1] - self._last[1], _peak_mib()))
        self._last = now


class Builder:
    """One project's build, kept between runs so that an edit redoes only what it touched.

    `update` redoes the least work that gives the bytes a cold build would give:
    an edited article is re-loaded, re-cleaned and re-tagged alone (with the
    other articles of its site when it changed that site's template lines), and
    only the files whose inputs changed are rendered and written; a rules change
    re-tags every article without re-cleaning; a template change re-renders
    without either. A failed update leaves the last good state (and site) in
    place, and what it should have redone is redone with the next update.
    """

    def __init__(self, options: BuildOptions, *, write_lock: AbstractContextManager[object] | None = None,
                 progress: Progress | None = None, resident: bool = False) -> None:
        """`resident`: this builder will be asked for updates (`serve`), so its first run loads the whole
        state even when nothing changed, instead of only checking that the site is intact; the first
        edit is then as fast as the next ones."""
        self.options = options
        self.resident = resident
        self.project = options.project.resolve()
        self.content = self.project / "content"
        self.output = (options.output or self.project / "site").resolve()
        self.cache_dir = self.project / CACHE_DIR
        self.jobs = options.jobs or default_jobs()
        self._write_lock = write_lock or nullcontext()  # held while files under the output change
        self._progress = progress
        self._code = code_digest()
        self._inputs: _Inputs | None = None
        self._snapshot: Snapshot | None = None
        # assign_slugs' last input, its output, and the cleaned articles the input was made from
        self._slugs: tuple[list[SlugKey], tuple[str, ...], list[CleanArticle]] | None = None
        self._pending = ChangeSet()
        self._saved: Snapshot | None = None  # the snapshot .digest-cache/ holds, when this run read or wrote it
        self._saved_stamp: tuple[int, int, int] | None = None  # its index's `index_stamp`: another build may write
        self._unsaved = False
        self._rewritten: set[int] = set()  # buckets a save cut short wrote: they no longer hold what `_saved` says
        # This run's changed buckets, and the process writing them meanwhile if one does (`_save_ahead`).
        self._ahead: tuple[set[int], Callable[[], set[int]] | None] | None = None
        # The saved index may be behind the output (files no stamp lists: look at all of them) and the buckets
        # (records it does not vouch for: check their keys), `buildstate.AHEAD`.
        self._behind = False
        self._fragments: KeptFragments | None = None  # `memo` fragments kept for the next update (`resident`)
        self._items: FeedItems | None = None  # feed items kept for the next update (`resident`)

    def build(self) -> BuildResult:
        """A build from what is on disk: the cache, when there is one, says what is still valid."""
        return self.update(ChangeSet(everything=True))

    def update(self, changes: ChangeSet, *, save: bool = True) -> BuildResult:
        """Redo what `changes` touched. `serve` passes save=False and calls `save` once editors pause:
        writing the cache took a third of an edit's time."""
        wanted = self._pending | changes
        self._pending = wanted  # if this run fails, the next one redoes its work too
        with cache.exclusive(self.cache_dir) if self.options.cache else nullcontext():
            if self._snapshot is not None and self.options.cache and index_stamp(self.cache_dir) != self._saved_stamp:
                self._forget()  # another build wrote the site and the cache meanwhile: start again from them
                wanted = ChangeSet(everything=True)
            result = self._run(wanted, save=save)
        self._pending = ChangeSet()
        return result

    def _forget(self) -> None:
        """Back to a new builder's state; what it kept in memory no longer describes the site."""
        self._inputs = self._snapshot = self._slugs = self._saved = self._saved_stamp = None
        self._unsaved, self._rewritten, self._behind = False, set(), False

    def save(self, stop: Callable[[], bool] = lambda: False) -> None:
        """Bring .digest-cache/ up to date with the last good run, if it is not already.

        `stop` is asked between files: `serve` saves while the editor pauses
        and gives way as soon as the next edit arrives, and saves again later.
        """
        if self._unsaved:
            with cache.exclusive(self.cache_dir):
                self._save(stop)

    def _save(self, stop: Callable[[], bool] = lambda: False) -> None:
        if self._unsaved and self._snapshot is not None:
            dirty, writing = self._ahead or (None, None)
            self._ahead = None
            cut = save_snapshot(self.cache_dir, self._snapshot, self._on_disk(), stop=stop, rewrite=self._rewritten,
                                dirty=dirty, articles=writing)
            if cut is None:
                self._saved, self._unsaved, self._rewritten = self._snapshot, False, set()
                self._saved_stamp = index_stamp(self.cache_dir)
                mark_ahead(self.cache_dir, False)
            else:
                self._rewritten |= cut

    def _on_disk(self) -> Snapshot | None:
        """The snapshot `.digest-cache/` holds, as far as this builder knows: None once another process (a
        `digest build` beside `serve`) saved since, or when none was read or written."""
        return self._saved if index_stamp(self.cache_dir) == self._saved_stamp else None

    def _save_ahead(self, records: Mapping[str, Record]) -> tuple[set[int], Callable[[], set[int]] | None]:
        """The cache's buckets this run's records change, for `_save` (finding them is a pass over every record, once a
        run; the run holds the cache's lock until it saves, so they are still those then), and those buckets written by
        a forked process while this one plans and renders: call what is returned for the buckets written. None where
        nothing may fork, or for fewer than AHEAD_BUCKETS buckets (an edit of a few articles): forking a large process
        costs about as much as writing them.

        Records are final once cleaned and tagged. Packing and writing them at
        the end of a cold build of 4,000 articles took 0.16 s with the second
        core idle; now they are written while the plan stage, which runs in
        this process alone, leaves that core free. The forked process shares
        the cache's lock, which stays held until it is done. Until the index
        is saved (`_save`) the buckets count as rewritten, so that a run
        failing meanwhile leaves the next save to write them again, and the
        cache is marked ahead of its index (`buildstate.AHEAD`), so that the
        next process checks every record's keys (`_settled`).
        """
        dirty = dirty_buckets(records, self._on_disk(), self._rewritten)
        if len(dirty) < AHEAD_BUCKETS or not forks(self.jobs):
            return dirty, None
        mark_ahead(self.cache_dir, True)
        self._rewritten |= dirty
        return dirty, in_background(functools.partial(save_articles, self.cache_dir, records, dirty), jobs=self.jobs)

    def _project_inputs(self, changes: ChangeSet) -> _Inputs:
        old = None if changes.everything else self._inputs
        config = old.config if old else load_config(self.project)
        # Rules first: a broken rule file should be reported even when articles are fine.
        # The key is kept as computed: wrapping a reused key again would change it on
        # every update and re-tag every article.
        rules, rules_key = (old.rules, old.rules_key) if old and not changes.rules else (
            load_rules(self.project, self.content, fallback_id=config.fallback_topic,
                       fallback_title=config.fallback_topic_title),
            digest_of(files_digest(find_rule_files(self.content)), config.fallback_topic, config.fallback_topic_title))
        source_rules = old.source_rules if old else load_source_rules(self.project, self.content)
        if old and not changes.templates:
            env, theme_key, reads = old.env, old.theme_key, old.site_reads
        else:
            dirs = theme_dirs(self.project, config.theme_dir(self.project))
            env = make_environment(self.project, zone=config.zone, theme=config.theme_dir(self.project),
                                   compiled=(self.cache_dir / "templates", self._code) if self.options.cache else None)
            theme_key = tree_digest(dirs)
            reads = functools.cache(functools.partial(site_reads, env, dirs))
        intros = old.intros if old and not changes.intros else load_intros(self.project, self.content)
        return _Inputs(config, rules, rules_key, source_rules, env, theme_key, reads, intros)

    def _run(self, changes: ChangeSet, *, save: bool) -> BuildResult:
        clock = _Clock()
        self._ahead = None  # a failed run's: its buckets are among `_rewritten`
        # A new process with an index to check against: every article file is looked at by another process while
        # this one reads the settings, the rules and the index (0.05 s each at 10,000 articles); without an index
        # file, by this process once that is read (as the load stage would list them).
        stamp = index_stamp(self.cache_dir) if self._snapshot is None and self.options.cache else None
        walked = in_background(functools.partial(article_stats, self.content), jobs=self.jobs) \
            if stamp is not None else None
        inputs = self._project_inputs(changes)
        config = inputs.config
        load_key = digest_of(__version__, CLEANER_VERSION, str(config.zone), self.options.drafts, self.options.strict,
                             files_digest(sorted((self.content / "sources").glob("*.y*ml"))))
        # What the plan is made from: a new theme or output directory leaves it as it was (`_last_plan`).
        plan_key = digest_of(load_key, inputs.rules_key, self._code, config, inputs.intros)
        inputs_key = digest_of(plan_key, inputs.theme_key, str(self.output))
        previous, stats, altered, guesses = self._snapshot, None, None, None
        if previous is None and self.options.cache:
            self._saved_stamp = stamp  # taken before reading: a file replaced meanwhile differs
            self._behind = is_ahead(self.cache_dir)
            with _uncollected():
                index = load_index(self.cache_dir)
            stats = walked() if walked is not None else article_stats(self.content)  # the load stage lists from it
            if index is not None and index.load_key == load_key:
                # Which output files were changed or removed since: asked by another process meanwhile.
                altered = index.stamps, in_background(functools.partial(_altered, str(self.output), index.stamps),
                                                      jobs=self.jobs)
                if not (self.resident or self._behind) and self._unchanged(index, stats, inputs_key, altered[1]):
                    self._inputs = inputs
                    clock.lap("start")
                    return self._replay(index, config, clock)
                guesses = self._guess(index, stats, inputs)
                with _uncollected():
                    previous = load_articles(self.cache_dir, index, unpack=not index.made_from(inputs_key),
                                             mapped=not self.resident)
            if previous is None and index is not None:  # articles unusable: keep only what says the site is intact
                previous = Snapshot(load_key, output=index.output, stamps=index.stamps)
            self._saved = previous
        if previous is not None and previous.load_key != load_key:
            previous = Snapshot(load_key, output=previous.output, stamps=previous.stamps)
        clock.lap("start")

        last_plan = functools.cache(functools.partial(self._last_plan, inputs, previous, plan_key))
        if guesses is not None:  # read while a worker cleans ahead (`_guess`), which then has longer to finish
            last_plan()
        records, docs, early = self._load(inputs, previous, changes, stats, clean=guesses is None)
        clock.lap("load")
        templates = self._learn(records, docs, previous)
        context = CleanContext(inputs.source_rules, templates)
        records, cleaned_now, tagged_now = self._clean_and_tag(records, docs, context, inputs, templates,
                                                               self._settled(previous, changes, templates,
                                                                             plan_key), guesses, early)
        del docs  # article texts are not needed past cleaning: at 50,000 articles they are hundreds of MB
        if cleaned_now >= RELEASE_AFTER:
            _release_free_memory()
        # What is alive now (records, cleaned articles, rules, templates) lives until the next run at least:
        # out of the collector's sight, so that its full passes stop walking millions of objects that
        # cannot be garbage (one such pass was a third of a `serve` edit at 10,000 articles).
        gc.freeze()
        self._ahead = self._save_ahead(records) if save and self.options.cache else None
        clock.lap("clean+tag")

        found = _Found.of(records)
        problems = found.problems + list(inputs.intros[1])
        kept, clean = found.rels, found.clean
        slugs = self._assign_slugs(clean, found.titles)
        last = last_plan()
        articles = _articles(found, slugs, last)
        plan, edit = self._plan_of(articles, inputs, last)
        problems += unknown_intros(inputs.intros[0], plan)
        if errors_in(problems):
            raise DigestError(problems)
        clock.lap("plan")

        rel_of = dict(zip(slugs, kept))
        touched = self._touched(edit, rel_of, records, previous)
        article_key = functools.cache(lambda s: article_digest(records[rel_of[s]], s))
        listed_key = functools.cache(lambda s, names: listed_digest(records[rel_of[s]], s, names) or article_key(s))
        old_records = previous.records if previous is not None else {}

        @functools.cache  # asked once per page that lists a touched article: hundreds of pages, a few articles
        def listed_before(slug: str, names: frozenset[str]) -> str | None:
            """How the last run's keys counted an article where it is listed (None for one it did not have)."""
            record = old_records.get(rel_of[slug])
            if record is None or record.tags is None or record.cleaned is None:
                return None
            return listed_digest(record, slug, names) or article_digest(record, slug)

        def keys(seen: SeenReads, **last_run: Any) -> dict[str, str]:
            # Once a page was seen reading an article it does not list (`ArticleLookup`), every page depends on
            # every article; an article a page only lists counts by the fields its kind was seen reading.
            return page_digests(plan, config, article_key, listed=listed_key, fields=seen.fields,
                                reads=(inputs.site_reads() if seen.theme_reads is None else seen.theme_reads)
                                | (SITE_WIDE if seen.beyond else frozenset()),
                                theme=inputs.theme_key, code=self._code, **last_run)

        # What pages read holds for the theme and code they were seen with. With others (or none seen), every
        # page renders again, and its key is made of what it reads now.
        seen = SeenReads(digest_of(inputs.theme_key, self._code))
        if previous is not None and previous.reads_seen.key == seen.key:
            seen = previous.reads_seen
            digests: dict[str, str] | None = keys(seen, previous=previous.digests, edit=edit, last=last,
                                                  touched=touched, listed_before=listed_before)
        else:
            seen, digests = replace(seen, theme_reads=inputs.site_reads()), None
        if self.options.cache:
            mark_ahead(self.cache_dir, True)
        snapshot, result, seen_now = self._render_and_write(plan, last, inputs, digests, edit, touched, records,
                                                            previous, altered, clock)
        now = seen.adding(seen_now)
        if digests is None or now != seen:
            # Every file is right for these inputs, those not rendered again included: their last render read only
            # what their keys held. The keys are made as the next run will make them.
            digests = keys(now)
        clock.lap("page keys")
        # A plan read from the cache and edited without a new slug packs as it was stored: its file stays.
        kept_plan = previous.plan_file if previous and previous.plan is None and edit and not edit.renamed else ""
        snapshot = replace(snapshot, digests=digests, plan=plan, plan_file=kept_plan, reads_seen=now)
        self._behind = False

        skipped, drafts = found.skipped, found.drafts
        snapshot = replace(snapshot, load_key=load_key, records=records, templates=templates,
                           outcome=Outcome(inputs_key, plan_key, len(articles), len(plan.pages), drafts,
                                           tuple(problems), skipped))
        self._inputs, self._snapshot = inputs, snapshot
        self._unsaved = self.options.cache
        if save:
            self._save()
        clock.lap("save cache")
        reused = found.listed - cleaned_now
        return BuildResult(self.output, len(articles), len(plan.pages), result[0], result[1], drafts, tuple(problems),
                           skipped, config.base_path, reused=reused, cleaned=cleaned_now, tagged=tagged_now, timings=tuple(clock.stages))

    # --- nothing changed: the last run's report stands ---

    def _unchanged(self, index: Snapshot, stats: Mapping[str, tuple[int, int] | None], inputs_key: str,
                   altered: Callable[[], frozenset[str]]) -> bool:
        """Same inputs, same article files (size and mtime), and every output file still the one written."""
        records = index.records
        return (index.made_from(inputs_key) and index.output == str(self.output) and (self.output / MARKER).is_file()
                and stats.keys() == records.keys() and all(stats[rel] == r.stat for rel, r in records.items())
                and not altered())

    def _replay(self, index: Snapshot, config: SiteConfig, clock: _Clock) -> BuildResult:
        outcome = index.outcome
        assert outcome is not None
        clock.lap("check")
        return BuildResult(self.output, outcome.articles, outcome.pages, 0, len(index.stamps), outcome.drafts_skipped,
                           outcome.problems, outcome.skipped, config.base_path,
                           reused=sum(r.kind is not None for r in index.records.values()), timings=tuple(clock.stages))

    # --- load: a file whose size and mtime (else bytes) are unchanged keeps its record ---

    def _load(self, inputs: _Inputs, previous: Snapshot | None, changes: ChangeSet,
              stats: Mapping[str, tuple[int, int] | None] | None, *,
              clean: bool) -> tuple[dict[str, Record], dict[str, SourceDocument], dict[str, Guess]]:
        """The records of every article, the texts kept for cleaning, and the Markdown articles cleaned and tagged
        as they were read (`clean`; not while `_guess` cleans the edited articles in another process).

        A Markdown article needs no other article's lines (`_learn`), so the
        process that reads it cleans and tags it, a stripe at a time: its
        text no longer travels back to this process and out to a worker again.
        """
        old = previous.records if previous else {}
        if stats is not None:
            rels = list(stats)
        elif self._snapshot is None or changes.everything:
            rels = article_names(self.content)
        else:
            added = {r for r in changes.articles if r not in old and is_article_path(r)}
            rels = sorted(old.keys() | added, key=path_order) if added else list(old)
        recheck = changes.articles if self._snapshot is not None and not changes.everything else None
        records: dict[str, Record] = {}
        todo: list[str] = []
        for rel in rels:
            if rel in old and recheck is not None and rel not in recheck:
                records[rel] = old[rel]  # serve: trust the watcher for files it did not report
                continue
            stat = stats[rel] if stats is not None else _stat(self.content / rel)
            if stat is None:
                continue  # deleted
            elif rel in old and recheck is None and old[rel].stat == stat:
                records[rel] = old[rel]
            else:
                todo.append(rel)
        held = 0  # characters of text this process holds for cleaning (each forked worker counts its own)
        budget = DOC_BUDGET // min(self.jobs, max(1, len(todo)))

        markdown_keys = self._keys({}, inputs)  # no site's template lines go into a Markdown article's keys
        plain = CleanContext(inputs.source_rules)

        def load(rels: Sequence[str]) -> list[tuple[Record, SourceDocument | Guess | None]]:
            nonlocal held
            loaded = [self._load_one(rel, old.get(rel), inputs) for rel in rels]
            # Fresh records all (`_load_one`): `_clean_and_tag` would clean these.
            markdown = [doc for _, doc in loaded if clean and doc is not None and doc.kind is SourceKind.MARKDOWN]
            cleaned = dict(zip([doc.rel for doc in markdown], self._clean_and_tag_docs(markdown, plain, inputs.rules)))
            done: list[tuple[Record, SourceDocument | Guess | None]] = []
            for record, doc in loaded:
                if doc is not None and doc.rel in cleaned:
                    done.append((record, (*markdown_keys(record), *cleaned[doc.rel])))
                elif doc is not None and held + len(doc.text) > budget:
                    done.append((record, None))  # cleaning reads it again: memory stays bounded however large
                else:
                    held += len(doc.text) if doc else 0
                    done.append((record, doc))
            return done

        loaded = map_batches(load, todo, jobs=self.jobs, stripe=CLEAN_STRIPE,
                             progress=self._tick("load", len(todo)))
        docs: dict[str, SourceDocument] = {}
        early: dict[str, Guess] = {}
        for rel, (record, got) in zip(todo, loaded):
            records[rel] = record
            if isinstance(got, SourceDocument):
                docs[rel] = got
            elif got is not None:
                early[rel] = got
        return {rel: records[rel] for rel in rels if rel in records}, docs, early  # `rels`: directory-walk order

    def _load_one(self, rel: str, old: Record | None, inputs: _Inputs) -> tuple[Record, SourceDocument | None]:
        path = self.content / rel
        stat = _stat(path) or (0, 0)
        if old is not None:  # size or mtime changed: the bytes may not have (a checkout, a touch)
            try:
                if hashlib.sha256(path.read_bytes()).hexdigest() == old.checksum:
                    return replace(old, stat=stat), None
            except OSError:
                pass
        loaded = load_sources(self.project, self.content, zone=inputs.config.zone, drafts=self.options.drafts,
                              paths=[path])
        doc = loaded.documents[0] if loaded.documents else None
        checksum = doc.checksum if doc else ""  # a file that did not load is tried again when its stat changes
        record = Record(stat, checksum, loaded.diagnostics, doc.kind if doc else None, loaded.drafts_skipped > 0,
                        site_key(doc, inputs.source_rules) if doc else "", _share(doc, inputs.source_rules))
        return record, doc

    def _learn(self, records: Mapping[str, Record], docs: Mapping[str, SourceDocument],
               previous: Snapshot | None) -> dict[str, frozenset[bytes]]:
        """Template lines per site, learnt again only for the sites whose page dumps changed."""
        old = previous.records if previous else {}
        dumps = {rel: r for rel, r in records.items() if r.kind is SourceKind.TEXT}
        changed = {r.site for rel, r in dumps.items() if old.get(rel) is not r} | {
            r.site for rel, r in old.items() if r.kind is SourceKind.TEXT and records.get(rel) is not r}
        known = previous.templates if previous else {}
        relearnt = template_lines((r.site, r.lines) for r in dumps.values() if r.site in changed or r.site not in known)
        return {site: relearnt[site] if site in relearnt else known[site] for site in sorted({r.site for r in dumps.values()})}

    # --- clean and tag: keyed by what each depends on ---

    def _keys(self, templates: Mapping[str, frozenset[bytes]], inputs: _Inputs) -> Callable[[Record], tuple[str, str]]:
        """A record's clean and tag keys, with these template lines."""
        site_keys = {site: digest_of(sorted(lines)) for site, lines in templates.items()}

        def keys(record: Record) -> tuple[str, str]:
            site = site_keys.get(record.site, "") if record.kind is not SourceKind.MARKDOWN else ""
            clean_key = digest_of(record.checksum, site)  # versions, zone and source rules are in the load key
            return clean_key, digest_of(clean_key, inputs.rules_key, self._code)
        return keys

    def _clean_and_tag(self, records: dict[str, Record], docs: Mapping[str, SourceDocument], context: CleanContext,
                       inputs: _Inputs, templates: Mapping[str, frozenset[bytes]],
                       settled: Callable[[str, Record], bool],
                       guesses: Callable[[], dict[str, Guess]] | None,
                       early: Mapping[str, Guess]) -> tuple[dict[str, Record], int, int]:
        """`guesses`: see `_guess`; `early`: the articles `_load` cleaned and tagged. Each is taken where its keys
        are the ones wanted."""
        keys = self._keys(templates, inputs)
        wanted = {rel: keys(r) for rel, r in records.items() if r.kind is not None and not settled(rel, r)}
        todo = [rel for rel, (ck, tk) in wanted.items() if (records[rel].clean_key, records[rel].tag_key) != (ck, tk)]
        to_clean = {rel for rel in todo if records[rel].clean_key != wanted[rel][0]}
        # Asked before any worker forks: the guesses come from a process only this one may wait for.
        ready = {**(guesses() if guesses and to_clean else {}), **early}
        guessed = {rel: guess for rel, guess in ready.items() if guess[:2] == wanted.get(rel) and rel in to_clean}

        def retagged(rel: str) -> tuple[None, Tags | None]:
            cleaned = records[rel].cleaned
            assert cleaned is not None
            return None, self._tag(cleaned, inputs.rules)

        def work(rels: Sequence[str]) -> list[tuple[Cleaned | None, Tags | None]]:
            """Each article cleaned again (None when only its tags are redone: a worker sending every article
            back after a rule change doubled a build's memory), and its tags; the stripe's articles are all
            cleaned before any is tagged (`_clean_and_tag_docs`)."""
            cleaning = [rel for rel in rels if rel in to_clean and rel not in guessed]
            fresh = dict(zip(cleaning, self._clean_and_tag_docs(
                [docs.get(rel) or self._reload(rel, inputs) for rel in cleaning], context, inputs.rules)))
            return [guessed[rel][2:] if rel in guessed else fresh[rel] if rel in fresh else retagged(rel)
                    for rel in rels]

        # Re-tagged without re-cleaning: the tag step reads the cached article (a record keeps its key only with it).
        unpack_articles(records[rel].cleaned.clean for rel in todo if rel not in to_clean)  # type: ignore[union-attr]
        prepare_language_guess(sum(records[rel].kind is not SourceKind.MARKDOWN for rel in to_clean))
        done = map_batches(work, todo, jobs=self.jobs, stripe=CLEAN_STRIPE,
                           progress=self._tick("clean and tag", len(todo)))
        for rel, (fresh, tags) in zip(todo, done):
            records[rel] = replace(records[rel], clean_key=wanted[rel][0], cleaned=fresh or records[rel].cleaned,
                                   tag_key=wanted[rel][1], tags=tags)
        return records, len(to_clean), len(todo)

    def _guess(self, index: Snapshot, stats: Mapping[str, tuple[int, int] | None],
               inputs: _Inputs) -> Callable[[], dict[str, Guess]] | None:
        """The few articles whose files changed since the cached run, cleaned and tagged by another process
        while this one reads the cache; None when there are none, too many, or no process to fork.

        They are cleaned with the template lines the cached run learnt: a guess
        holds when its keys are the ones `_clean_and_tag` wants, that is when
        the edit left its site's template lines as they were (an edit of an
        article's text does). Cleaning the one article an edit touched took
        0.12 s, most of it building the stoplist index.
        """
        old = index.records
        changed = [rel for rel, stat in stats.items() if stat is not None and (rel not in old or old[rel].stat != stat)]
        if not changed or len(changed) > MAX_GUESSES or not forks(self.jobs):  # else it would run in this process
            return None
        return in_background(functools.partial(self._cleaned_ahead, changed, index, inputs), jobs=self.jobs)

    def _cleaned_ahead(self, rels: list[str], index: Snapshot, inputs: _Inputs) -> dict[str, Guess]:
        keys = self._keys(index.templates, inputs)
        context = CleanContext(inputs.source_rules, index.templates)
        found: dict[str, Guess] = {}
        for rel in rels:
            try:
                record, doc = self._load_one(rel, index.records.get(rel), inputs)
                if doc is not None and record.kind is not None:
                    found[rel] = (*keys(record), *self._clean_and_tag_docs([doc], context, inputs.rules)[0])
            except Exception:  # noqa: BLE001 - a guess only: the build does it again, and reports what went wrong
                continue
        return found

    def _settled(self, previous: Snapshot | None, changes: ChangeSet, templates: Mapping[str, frozenset[bytes]],
                 plan_key: str) -> Callable[[str, Record], bool]:
        """Whether a record's keys are still the ones it holds, known without hashing them again.

        True for a record the last run left (the very same object) whose
        site's template lines are unchanged, when the rules and digest's code
        did not change: in this process since its last update (`serve`), or
        since the cached run, which planned from the same inputs (`plan_key`
        holds every input of a record's keys; a theme is none of them).
        Hashing every article's keys was a large part of a one-article edit.
        Never after a run that wrote the cache's buckets and stopped before
        saving the index (`buildstate.AHEAD`): a bucket may hold an article as
        that run saw it, and the file may be back as the index says.
        """
        same_process = previous is self._snapshot and not (changes.rules or changes.everything)
        if previous is None or self._behind or not (same_process or previous.planned_with(plan_key)):
            return lambda rel, record: False
        old, old_templates = previous.records, previous.templates
        moved = {site for site, lines in templates.items() if old_templates.get(site) != lines}
        return lambda rel, record: record is old.get(rel) and record.site not in moved

    def _reload(self, rel: str, inputs: _Inputs) -> SourceDocument:
        """An article whose text was not kept for cleaning (unchanged, but its site's template lines changed;
        or past DOC_BUDGET): read it again."""
        loaded = load_sources(self.project, self.content, zone=inputs.config.zone, drafts=self.options.drafts,
                              paths=[self.content / rel])
        if not loaded.documents:
            raise DigestError(list(loaded.diagnostics) or [Diagnostic(f"content/{rel}", "the file changed during the build")])
        return loaded.documents[0]

    def _clean_and_tag_docs(self, docs: Sequence[SourceDocument], context: CleanContext,
                            rules: RuleSet) -> list[tuple[Cleaned, Tags | None]]:
        """Articles cleaned, with every problem found on the way, and tagged.

        Every article is parsed before any is checked, slugged and split into
        search words, and all that before any is tagged: each step keeps its
        own tables warm in the CPU's caches. Parsing one article, then
        slugging, splitting and tagging it, and on to the next, took every
        step longer: 2.8 to 3.3 s against 2.3 to 2.7 s for the 4,000 Markdown
        articles of the benchmark, in stripes of 64 to 256 (docs/performance.md).
        """
        parsed = [clean_article(doc, context, keep_verdicts=False) for doc in docs]
        cleaned = [self._checked(article) for article in parsed]
        return [(one, self._tag(one, rules)) for one in cleaned]

    def _checked(self, article: CleanArticle) -> Cleaned:
        """A cleaned article with the problems found in it, its title's slug and its search words."""
        shown = f"content/{article.rel}"
        problems: list[Diagnostic] = []
        if not _keep(article, shown, problems, strict=self.options.strict):
            return Cleaned(None, tuple(problems))
        if (untitled := title_warning(article, shown)) is not None:
            problems.append(untitled)
        if article.date is None:
            problems.append(warning(shown, "no date: the article is in no edition and no feed",
                                    hint="add `date: 2021-12-01` to its front matter"))
        return Cleaned(article, tuple(problems), title_slug(article), " ".join(article_words(article)))

    @staticmethod
    def _tag(cleaned: Cleaned, rules: RuleSet) -> Tags | None:
        """A cleaned article's tags; None when no article was left after cleaning."""
        article = cleaned.clean
        if article is None:
            return None
        tags, problems = tag_articles([article], rules, [f"content/{article.rel}"])
        return tags[0], problems

    # --- plan: swapped into the last one when an edit keeps its shape ---

    def _assign_slugs(self, clean: list[CleanArticle], titles: list[str]) -> tuple[str, ...]:
        """The last run's slugs while no title slug, date or path changed (sorting them all was a tenth of an edit),
        or after a title edit that moves no other slug (`reassigned_slugs`)."""
        last = self._slugs
        if last is not None and _keys_alike(last[0], last[2], clean, titles):
            return last[1]
        key: list[SlugKey] = [(t, c.date, c.rel) for t, c in zip(titles, clean)]
        kept = reassigned_slugs(last[0], last[1], key) if last is not None else None
        self._slugs = key, kept if kept is not None else assign_slugs(clean, titles=titles), clean
        return self._slugs[1]

    def _last_plan(self, inputs: _Inputs, previous: Snapshot | None, plan_key: str) -> SitePlan | None:
        """The last run's plan, while every input of planning (settings, rules, intros, code) is the same:
        `serve` keeps it in memory; a new process reads it from the cache, which saves a one-article `digest
        build` planning the whole archive, and a theme change planning it again (0.55 s of 5.5 at 10,000
        articles)."""
        if previous is None or not previous.planned_with(plan_key):
            return None
        if previous.plan is not None:
            return previous.plan
        with _uncollected():
            return load_plan(self.cache_dir, previous, inputs.rules.topics, inputs.config)

    def _plan_of(self, articles: list[Article], inputs: _Inputs,
                 last: SitePlan | None) -> tuple[SitePlan, PlanEdit | None]:
        """The site's plan, and what was edited in place when the last run's plan (`_last_plan`) still holds
        (else None): `with_articles` checks the articles."""
        patched = with_articles(last, articles) if last is not None else None
        if patched is not None:
            return patched
        plan = plan_site(articles, inputs.rules.topics, inputs.config, intros=inputs.intros[0], last=last)
        # Only a next plan in this process patches the topic index: a build that kept it to the end peaked
        # 20 MB higher at 50,000 articles.
        return plan if self.resident else replace(plan, topic_index=None), None

    # --- render and write: only the files whose inputs changed ---

    def _render_and_write(self, plan: SitePlan, last: SitePlan | None, inputs: _Inputs,
                          digests: Mapping[str, str] | None,
                          edit: PlanEdit | None, touched: Sequence[str], records: Mapping[str, Record],
                          previous: Snapshot | None,
                          altered: tuple[Mapping[str, Stamp], Callable[[], frozenset[str]]] | None,
                          clock: _Clock) -> tuple[Snapshot, tuple[int, int], list[Seen]]:
        """The files' snapshot (without their keys), (written, unchanged), and what the pages rendered read.

        `digests`: the files' keys, to leave those unchanged as they are; None renders every file. `last`: the last
        run's plan, when it holds (`_last_plan`); `touched`: see `_touched`. `altered`: some stamps, and the files
        of those no longer as written (`_altered`), known already."""
        config = inputs.config
        same_output = previous is not None and previous.output == str(self.output)
        known = previous.stamps if same_output else {}  # type: ignore[union-attr]
        old_digests = previous.digests if same_output else {}  # type: ignore[union-attr]
        # An update of what this process built (`serve`): the files it wrote are trusted as written.
        trusted = previous is not None and previous is self._snapshot

        gone = altered[1]() if altered is not None and altered[0] is known and not trusted else None

        def intact(out: str) -> bool:
            if gone is not None:
                return out in known and out not in gone
            return out in known and (trusted or _as_written(str(self.output), out, known[out]))

        def fresh(out: str) -> bool:
            return digests is not None and old_digests.get(out) == digests[out] and intact(out)

        # One (output, maker, item) triple per file, the maker giving its bytes and what it read: a partial per
        # file, and a second one to write it, held 29 MB through the render stage at 50,000 articles.
        tasks: list[_Task | None] = []
        keep: list[str] = []
        shown: set[str] = set()  # the articles the files to render show
        kept, items = self._kept(plan, inputs)
        pages = PageRenderer(plan, inputs.env, config, self.project, kept=kept)
        for page in plan.pages:
            if fresh(page.output):
                keep.append(page.output)
            else:
                tasks.append((page.output, pages.render, page))
                shown.update(page.slugs)
        feeds = FeedRenderer(plan, config, items)
        makers: tuple[_Maker, _Maker] = (lambda feed: (feeds.rss(feed), None), lambda feed: (feeds.atom(feed), None))
        for feed in plan.feeds:
            for out, make in zip((feed.rss, feed.atom), makers):
                if fresh(out):
                    keep.append(out)
                else:
                    tasks.append((out, make, feed))
                    shown.update(feed.slugs)
        if fresh(SITEMAP):
            keep.append(SITEMAP)
        else:
            renamed = edit.renamed if edit else {}
            tasks.append((SITEMAP, lambda _: (self._sitemap(plan, renamed, intact(SITEMAP)), None), None))

        search_outputs = previous.groups.get(SEARCH, ()) if same_output else ()  # type: ignore[union-attr]
        found: tuple[list[tuple[str, bytes]], set[str]] | None = None
        if search_outputs and all(map(intact, search_outputs)):
            if digests is not None and old_digests.get(SEARCH) == digests[SEARCH]:
                found = [], set()
            else:  # when few articles changed and none moved, edit the last build's index files
                # Every file in its place (an edit swapped in always, renamed or not): the index keeps its numbering.
                if edit is not None:
                    numbered, moved = True, edit.renamed
                else:
                    numbered = last is not None and _numbered_alike(last, plan)
                    moved = _renamed(last, plan) if last is not None and not numbered else {}
                found = self._edited_search(plan, records, previous, last, moved, touched,  # type: ignore[arg-type]
                                            numbered=numbered, files=search_outputs)
        # The whole index, when it must be made again, is made beside the pages by whichever process takes it:
        # it was the longest step of a cold build left to one process.
        whole = found is None
        files, emptied = ([], set(search_outputs)) if whole else found  # type: ignore[misc]
        rewritten = {out for out, _ in files}
        keep.extend(out for out in search_outputs if out not in rewritten and out not in emptied)
        extra = files + list(fixed_files(plan, config, self.project))
        clock.lap("plan renders")

        writer = SiteWriter(self.output, project=self.project, protected=(self.content, self.project / "templates"),
                            known=known, listed=not self._behind)

        def files_of(task: _Task | None) -> tuple[Iterable[tuple[str, bytes]], Seen | None]:
            if task is None:  # the search index (`index_job`): every file of it, in one task, made as it is written
                return search_files(plan, words=_words_of(records)), None
            out, maker, item = task
            data, seen = maker(item)
            return [(out, data)], seen

        def put(tasks: Sequence[_Task | None]) -> list[tuple[list[Put], Seen | None]]:
            """A stripe's files all rendered, then all written: see `_clean_and_tag_docs` (rendering and
            writing in turn took longer)."""
            made = [files_of(task) for task in tasks]
            return [([writer.put(out, data) for out, data in files], seen) for files, seen in made]

        index_job = min(1, len(tasks))  # not first: map_batches does the first item before it forks
        if whole:
            tasks.insert(index_job, None)
        try:
            # The ready-made files first, so their bytes (the edited search files) are freed before workers fork.
            puts: list[Put] = [writer.put(out, data) for out, data in extra]
            extra.clear()
            files.clear()
            unpack_articles(plan.by_slug[slug].clean for slug in shown)
            done = map_batches(put, tasks, jobs=self.jobs, stripe=RENDER_STRIPE,
                               progress=self._tick("render", len(tasks)))
        except BaseException:
            writer.abort()
            raise
        if whole:
            rewritten = {put.rel for put in done[index_job][0]}
        search_outputs = tuple(sorted(rewritten | set(search_outputs) - emptied))
        puts += [put for made, _ in done for put in made]
        clock.lap("render")
        with self._write_lock:
            result, stamps = writer.commit(puts, keep=keep)
        clock.lap("write")
        for store in (kept, items):
            if store is not None:
                store.prune(plan.by_slug)
        groups = {SEARCH: search_outputs}
        snapshot = Snapshot("", output=str(self.output), groups=groups, stamps=stamps)
        return snapshot, (result.written, result.unchanged), [seen for _, seen in done if seen is not None]

    def _kept(self, plan: SitePlan, inputs: _Inputs) -> tuple[KeptFragments | None, FeedItems | None]:
        """What `serve`'s last updates rendered, for what of it still holds: `memo` fragments (`KeptFragments`)
        and feed items (`FeedItems`). None and None outside `serve`: a build renders each once anyway."""
        if not self.resident:
            return None, None
        settings = digest_of(inputs.config, plan.topics)
        if self._items is None or self._items.key != settings:
            self._items = FeedItems(settings)
        if inputs.site_reads():
            return None, self._items
        key = digest_of(inputs.theme_key, self._code, settings)
        if self._fragments is None or self._fragments.key != key:
            self._fragments = KeptFragments(key)
        return self._fragments, self._items

    @staticmethod
    def _touched(edit: PlanEdit | None, rel_of: Mapping[str, str], records: Mapping[str, Record],
                 previous: Snapshot | None) -> list[str]:
        """The slugs of the articles added, cleaned anew or tagged anew since the last run (an edit swapped into
        its plan names them): the pages showing them get new keys, and their search words may have changed.
        A record renewed for its file's mtime alone keeps its cleaned article and tags, and is not one."""
        if edit is not None:
            return [a.slug for a in edit.articles]
        old = previous.records if previous is not None else {}
        return [slug for slug, rel in rel_of.items() if (before := old.get(rel)) is None
                or before.cleaned is not records[rel].cleaned or before.tags != records[rel].tags]

    def _sitemap(self, plan: SitePlan, renamed: Mapping[str, str], intact: bool) -> bytes:
        """After an edit that renamed a few articles in place (`with_articles`), the last sitemap with their new
        addresses (`edit_sitemap`); else a whole new one."""
        if renamed and intact:
            try:
                edited = edit_sitemap((self.output / SITEMAP).read_bytes(), plan, renamed)
            except OSError:
                edited = None
            if edited is not None:
                return edited
        return sitemap_xml(plan)

    def _edited_search(self, plan: SitePlan, records: Mapping[str, Record], previous: Snapshot,
                       last: SitePlan | None, renamed: Mapping[str, str], touched: Sequence[str], *, numbered: bool,
                       files: Collection[str]) -> tuple[list[tuple[str, bytes]], set[str]] | None:
        """The search files an edit changed, from the last build's (`files`); None when rebuilding the index is
        the way.

        Its edits are the `touched` articles cleaned anew or added (not those only tagged anew) and those
        another's new slug moved. `numbered`: every file of the plan is where the last plan had it. The index
        then numbers places, oldest first, not files: what it held at an article's number is the `last` plan's
        article at that number, which is another file when two articles of a day trade titles (and so slugs
        and places). Else what it held for an article is the last plan's article of the same file, and
        `edit_search_files` finds the numbers from the last document list. Without the last plan neither is
        known."""
        if last is None:
            return None
        old, moved = previous.records, set(renamed.values())
        edited = [a for a in map(plan.by_slug.__getitem__, [*touched, *sorted(moved.difference(touched))])
                  if a.slug in moved or (record := old.get(a.clean.rel)) is None or record.cleaned is None
                  or record.cleaned.clean is not a.clean]
        if len(edited) > MAX_SEARCH_EDITS:
            return None
        words, indexed_words = _words_of(records), _words_of(old)
        if numbered:  # both plans list as many articles (`with_articles`, `_numbered_alike`)
            place = places(plan)

            def held(article: Article) -> Article | None:
                """The article the last index held at this one's number."""
                return last.articles[place[id(article)]]
        else:
            by_file = {a.clean.rel: a for a in last.articles}

            def held(article: Article) -> Article | None:
                return by_file.get(article.clean.rel)

        def old_words(article: Article) -> list[str] | None:
            before = held(article)
            return None if before is None else indexed_words(before.clean)

        def last_entry(article: Article) -> list[str] | None:
            before = held(article)
            return None if before is None else search_entry(before.slug, before.clean)

        def read(out: str) -> bytes | None:
            try:
                return (self.output / out).read_bytes()
            except OSError:
                return None
        return edit_search_files(plan, ((a, old_words(a), words(a.clean)) for a in edited), read,
                                 renamed=renamed, last_entry=last_entry if numbered else None, files=files)

    def _tick(self, stage: str, total: int) -> Callable[[int], None] | None:
        if self._progress is None or not total:
            return None
        progress, done = self._progress, 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            progress(stage, done, total)
        return tick


@dataclass(frozen=True, slots=True)
class _Found:
    """The records' articles that are on the site, and what a run reports of them all, found in one pass over
    the records in directory-walk order: each pass over 10,000 of them took 3 to 8 ms of a `serve` update."""

    rels: list[str]
    clean: list[CleanArticle]
    titles: list[str]  # their title slugs
    topics: list[tuple[str, ...]]
    problems: list[Diagnostic]  # from loading and cleaning, file by file; then from tagging
    skipped: tuple[str, ...]  # articles with no text left after cleaning
    drafts: int
    listed: int  # files that are articles on the site, before cleaning (`Record.kind`)

    @classmethod
    def of(cls, records: Mapping[str, Record]) -> _Found:
        rels: list[str] = []
        clean: list[CleanArticle] = []
        titles: list[str] = []
        topics: list[tuple[str, ...]] = []
        problems: list[Diagnostic] = []
        tagging: list[Diagnostic] = []
        skipped: list[str] = []
        drafts = listed = 0
        for rel, record in records.items():
            drafts += record.drafted
            listed += record.kind is not None
            problems += record.problems
            if (cleaned := record.cleaned) is None:
                continue
            problems += cleaned.problems
            if cleaned.clean is None:
                skipped.append(f"content/{rel}")
                continue
            assert record.tags is not None
            rels.append(rel)
            clean.append(cleaned.clean)
            titles.append(cleaned.title_slug)
            topics.append(record.tags[0])
            tagging += record.tags[1]
        return cls(rels, clean, titles, topics, problems + tagging, tuple(skipped), drafts, listed)


def _articles(found: _Found, slugs: Sequence[str], last: SitePlan | None) -> list[Article]:
    """The articles to plan: the last plan's own object for each article whose cleaned form, slug and topics it
    holds, so that planning finds it unchanged at a glance (and making 10,000 of them was 10 ms of an edit)."""
    before = last.by_slug if last is not None else {}
    articles = []
    for clean, slug, topics in zip(found.clean, slugs, found.topics):
        old = before.get(slug)
        articles.append(old if old is not None and old.clean is clean and old.topics == topics
                        else Article(clean, slug, topics))
    return articles


def _keys_alike(key: list[SlugKey], last: list[CleanArticle], clean: list[CleanArticle], titles: list[str]) -> bool:
    """Whether the articles give the slug key the last run's did (`key`, made from the cleaned articles `last`):
    an article cleaned then is its very object now, told without reading its date and path (making the key
    again read them for 10,000 articles, 6 to 18 ms of an edit)."""
    return len(key) == len(clean) and all(
        (was is now and k[0] == title) or k == (title, now.date, now.rel)
        for k, was, now, title in zip(key, last, clean, titles))


def _as_written(output: str, out: str, stamp: Stamp) -> bool:
    """Whether an output file still has the size and mtime its stamp says it was written with."""
    return _stat(os.path.join(output, out)) == stamp[1:]


def _altered(output: str, stamps: Mapping[str, Stamp]) -> frozenset[str]:
    """The output files no longer as their stamps say they were written: edited, replaced or removed."""
    return frozenset(out for out, stamp in stamps.items() if not _as_written(output, out, stamp))


def _numbered_alike(last: SitePlan, plan: SitePlan) -> bool:
    """Whether both plans list the same files in the same order under the same slugs: the search index keeps
    its numbering, and no address changed (as after an edit of one article's topics). Most articles are the
    last plan's own objects (`_articles`), told at once without reading them."""
    return len(last.articles) == len(plan.articles) and all(
        a is b or (a.slug == b.slug and a.clean.rel == b.clean.rel) for a, b in zip(last.articles, plan.articles))


def _renamed(last: SitePlan, plan: SitePlan) -> dict[str, str]:
    """Old slug -> new slug of the articles of both plans whose address changed: when an edit is planned anew
    (an article was added, or one's date changed), the search index can still be edited if nothing else moved."""
    old_slugs = {a.clean.rel: a.slug for a in last.articles}
    return {old: a.slug for a in plan.articles if (old := old_slugs.get(a.clean.rel, a.slug)) != a.slug}


def _words_of(records: Mapping[str, Record]) -> Callable[[CleanArticle], list[str]]:
    """An article's search words, as cleaning kept them (folding every text again is slow)."""
    return lambda clean: records[clean.rel].cleaned.words.split()  # type: ignore[union-attr]


def _share(doc: SourceDocument | None, rules: tuple[SourceRule, ...]) -> bytes:
    """A page dump's candidate template lines; none for other kinds."""
    share = dump_lines(doc, rules) if doc else None
    return share[1] if share else b""


def _keep(article: CleanArticle, shown: str, problems: list[Diagnostic], *, strict: bool) -> bool:
    """An article with no text left after cleaning is skipped, with a warning naming it (an error with --strict)."""
    if article.lead or article.body_text:
        return True
    hint = "check the file is an article page; `digest clean --explain FILE` shows why each line was dropped"
    problems.append(Diagnostic(shown, "no article text left after cleaning", hint=hint) if strict
                    else warning(shown, "no article text left after cleaning; skipped", hint=hint))
    return False


def build(options: BuildOptions, *, progress: Progress | None = None) -> BuildResult:
    return Builder(options, progress=progress).build()
