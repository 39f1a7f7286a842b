"""swap_once: a file's last bytes edited in a few known pieces."""

from __future__ import annotations

from digest.render.splice import swap_once


def test_pieces_are_swapped_all_at_once_so_one_may_take_what_another_gave_up():
    assert swap_once(b"<b> <c> <x>", [(b"<b>", b"<c>"), (b"<c>", b"<d>")]) == b"<c> <d> <x>"
    assert swap_once(b"abc", []) == b"abc"


def test_a_piece_found_twice_or_not_at_all_is_no_edit():
    assert swap_once(b"<b> <b>", [(b"<b>", b"<c>")]) is None
    assert swap_once(b"<b>", [(b"<z>", b"<c>")]) is None
