"""Vietnamese-to-ASCII slugs for URLs (`iraq-bat-den-xanh-cho-nato-o-lai`)."""

from __future__ import annotations

from slugify import slugify

MAX_SLUG_LENGTH = 80


def make_slug(text: str, *, fallback: str = "bai-viet") -> str:
    """Lower-case ASCII words joined by hyphens; never empty, never a path."""
    # The backend is named: `auto` would pick Unidecode wherever it happens to be installed (other slugs),
    # and looks for it again, in vain, on every call (a fifth of a millisecond per title).
    slug = slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True, backend="text-unidecode")
    return slug or fallback
