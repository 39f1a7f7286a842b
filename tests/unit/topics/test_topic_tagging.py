"""Hierarchy, fallback, forced and excluded topics, page order, and rule examples."""

from __future__ import annotations

from digest.model import FrontMatter
from digest.topics.examples import failure, run_examples
from topics_helpers import rules_from, topics_of

TREE = """\
- id: the-gioi
  title: Thế giới
- id: trung-dong
  title: Trung Đông
  parent: the-gioi
  any: [Trung Đông]
- id: iraq
  title: Iraq
  parent: trung-dong
  any: [Iraq]
- id: nga
  title: Nga
  weight: -5
  any: [Nga]
"""


def test_an_article_in_a_child_is_listed_in_its_ancestors(tmp_path):
    rules = rules_from(tmp_path, TREE)
    assert topics_of(rules, "Baghdad, Iraq") == ("the-gioi", "trung-dong", "iraq")
    assert rules.ancestors("iraq") == ("trung-dong", "the-gioi")
    by_id = {t.id: t for t in rules.topics}
    assert by_id["the-gioi"].children == ("trung-dong",) and by_id["trung-dong"].children == ("iraq",)
    assert by_id["iraq"].parent == "trung-dong"


def test_weight_comes_before_file_order_and_the_fallback_is_last(tmp_path):
    rules = rules_from(tmp_path, TREE)
    assert [t.id for t in rules.topics] == ["nga", "the-gioi", "trung-dong", "iraq", "khac"]
    assert topics_of(rules, "Nga và Iraq") == ("nga", "the-gioi", "trung-dong", "iraq")


def test_no_match_goes_to_the_fallback_topic(tmp_path):
    assert topics_of(rules_from(tmp_path, TREE), "Giá vàng hôm nay") == ("khac",)


def test_front_matter_forces_and_excludes_topics(tmp_path):
    rules = rules_from(tmp_path, TREE)
    forced = FrontMatter(topics=("iraq",))
    assert topics_of(rules, "Giá vàng", meta=forced) == ("the-gioi", "trung-dong", "iraq")
    excluded = FrontMatter(exclude_topics=("trung-dong",))
    assert topics_of(rules, "Iraq", meta=excluded) == ("the-gioi", "iraq")
    everything = FrontMatter(exclude_topics=("iraq", "trung-dong", "the-gioi"))
    assert topics_of(rules, "Iraq", meta=everything) == ("khac",)


def test_hand_picked_topic_is_never_given_by_rules(tmp_path):
    rules = rules_from(tmp_path, "- id: doc-gia\n  title: Độc giả\n")
    assert topics_of(rules, "Độc giả viết") == ("khac",)
    assert topics_of(rules, "x", meta=FrontMatter(topics=("doc-gia",))) == ("doc-gia",)


def test_examples_pass_and_fail_with_a_readable_diff(tmp_path):
    rules = rules_from(tmp_path, """\
- id: nga
  title: Nga
  any: [Nga]
  examples:
    match: [Nga và Mỹ, Ngà voi]
    no_match: [ngân hàng, Tổng thống Nga]
""")
    results = run_examples(rules)
    assert [r.passed for r in results] == [True, False, True, False]
    failed = [failure(r).format() for r in results if not r.passed]
    assert failed[0] == ('content/topics/rules.yaml:5:24: error: examples.match of topic \'nga\' failed\n'
                         '  hint: example "Ngà voi"\n'
                         '    - expected: includes nga\n'
                         '    + got:      khac\n'
                         '    why: no phrase or pattern of the topic was found')
    assert failed[1].startswith("content/topics/rules.yaml:6:27: error: examples.no_match of topic 'nga' failed")
    assert '+ got:      nga' in failed[1] and 'why: found "Nga" (any)' in failed[1]
