"""The tag stage: editors' YAML topic rules -> topics for each article.

`schema.py` reads rule files (I/O and positions) and `validate.py` checks them
as a whole; `match.py` compiles all phrases into one scanner with
Vietnamese-aware folding (`regex.py` runs patterns with RE2, in linear time);
`tag.py` decides topics from the hits; `explain.py` and `examples.py` serve
`digest topics explain|test`. Nothing here knows about rendering.
"""

from digest.topics.rules import TopicRule
from digest.topics.schema import RuleSet, find_rule_files, load_rules
from digest.topics.tag import tag_article, tag_articles

__all__ = ["RuleSet", "TopicRule", "find_rule_files", "load_rules", "tag_article", "tag_articles"]
