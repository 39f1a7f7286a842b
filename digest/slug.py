"""Vietnamese-to-ASCII slugs for URLs (`iraq-bat-den-xanh-cho-nato-o-lai`)."""

from __future__ import annotations

from slugify import slugify

MAX_SLUG_LENGTH = 80


def make_slug(text: str, *, fallback: str = "bai-viet") -> str:
    """Lower-case ASCII words joined by hyphens; never empty, never a path."""
    slug = slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True)
    return slug or fallback
