"""The tag stage: editors' YAML topic rules -> topics for each article.

`schema.py` reads and validates rule files (I/O and positions), `match.py`
finds phrases on whole words with Vietnamese-aware folding, `tag.py` applies a
RuleSet to cleaned articles. Nothing here knows about rendering.
"""

from digest.topics.schema import RuleSet, TopicRule, find_rule_files, load_rules
from digest.topics.tag import tag_articles

__all__ = ["RuleSet", "TopicRule", "find_rule_files", "load_rules", "tag_articles"]
