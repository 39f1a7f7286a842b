"""Normalization, slugs and YAML that keeps editors' text as text."""

from __future__ import annotations

import unicodedata

import pytest
import yaml

from digest.diagnostics import DigestError
from digest.slug import make_slug
from digest.text import fold_key, normalize_text
from digest.yamlsrc import _FAST_LOADER, YScalar, YSeq, _convert, as_str_list, parse_yaml


def test_normalize_composes_and_removes_invisible_characters():
    decomposed = unicodedata.normalize("NFD", "Hòa bình\r\nthế\u200b giới\u00ad\x07")
    assert normalize_text(decomposed) == "Hòa bình\nthế giới"


@pytest.mark.parametrize("text, expected", [
    ("a\tb\xa0c\nd", "a\tb\xa0c\nd"),  # tabs and no-break spaces are kept
    ("a\tb\xa0c\nd\u200be", "a\tb\xa0c\nde"),  # ... beside an invisible character that is removed
    ("mục\u00adlục\n\ufeffbài\x9f", "mụclục\nbài"),  # soft hyphen, byte-order mark, C1 control
    ("ideographic\u3000space", "ideographic\u3000space"),  # not printable, but not removed either
])
def test_normalize_removes_only_invisible_characters(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize("old, new", [("hòa", "hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("HÒA", "hoà")])
def test_fold_key_joins_both_tone_mark_placements(old, new):
    assert fold_key(old) == fold_key(new)


def test_fold_key_keeps_diacritics():
    assert fold_key("Nga") != fold_key("Ngà")


@pytest.mark.parametrize("title, slug", [
    ("Iraq 'bật đèn xanh' cho\u00a0NATO ở lại", "iraq-bat-den-xanh-cho-nato-o-lai"),
    ("Đà Nẵng: Đường sắt", "da-nang-duong-sat"),
    ("../../etc/passwd", "etc-passwd"),
    ("!!!", "bai-viet"),
])
def test_slugs(title, slug):
    assert make_slug(title) == slug


def test_yaml_scalars_stay_text():
    node = parse_yaml("- NO\n- 1.000\n- 030\n- '~'\n", "rules.yaml")
    assert isinstance(node, YSeq)
    assert as_str_list(node) == ("NO", "1.000", "030", "~")


SCALARS = """title: "Chậm: bà hội nghị"
date: 2019-01-30
when: 2019-01-30 08:30:00+07:00
flags: [NO, yes, on, ~, null, '', "null"]
numbers: [1.000, 030, 0x1F, 1e3, .inf, -0]
nested:
  - {a: 1, b: [x, 'y']}
  - |
    block text
folded: >-
  two
  lines
"""


@pytest.mark.skipif(_FAST_LOADER is None, reason="PyYAML without libyaml: only the pure-Python loader runs")
def test_yaml_composed_without_implicit_tags_gives_what_pyyaml_gives():
    """The fast loader resolves no implicit tags (digest reads none): texts, plain flags and positions are those of
    PyYAML's own safe loader."""
    ours = _convert(yaml.compose(SCALARS, Loader=_FAST_LOADER), "f.yaml", 0)
    assert ours == _convert(yaml.compose(SCALARS, Loader=yaml.SafeLoader), "f.yaml", 0)
    assert ours == parse_yaml(SCALARS, "f.yaml")
    flags = dict((k.text, v) for k, v in ours.items)["flags"]  # type: ignore[union-attr]
    assert [(s.text, s.plain) for s in flags.items] == [("NO", True), ("yes", True), ("on", True), ("~", True),
                                                        ("null", True), ("", False), ("null", False)]


def test_yaml_positions_and_duplicate_keys():
    node = parse_yaml("a: 1\nb:\n  - x\n", "f.yaml", line_offset=3)
    assert node.items[1][1].items[0].pos.line == 6  # type: ignore[union-attr]
    with pytest.raises(DigestError, match=r"f.yaml:2:1: error: duplicate key 'a'"):
        parse_yaml("a: 1\na: 2\n", "f.yaml")


def test_null_is_only_plain():
    assert YScalar("null", None, plain=True).is_null  # type: ignore[arg-type]
    assert not YScalar("null", None, plain=False).is_null  # type: ignore[arg-type]
