"""Encodings: files written in the test in each encoding an editor may bring."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from digest.diagnostics import DigestError
from digest.load.decode import decode_bytes

VI = ("Hôm nay trời đẹp, chúng tôi đi chơi ở Hà Nội và gặp nhiều người bạn của mình.\n"
      "Tiêu đề bài viết về Việt Nam và thế giới")
TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Windows-1258 has ô, ơ, ư... precomposed but tones as combining marks: split them off."""
    clusters: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if clusters and unicodedata.combining(ch):
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    out = "".join(unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in TONES))
                  + "".join(m for m in marks if m in TONES) for base, *marks in clusters)
    return out.encode("cp1258")


def same(decoded: str) -> bool:
    return unicodedata.normalize("NFC", decoded) == VI


@pytest.mark.parametrize("data", [VI.encode("utf-8"), b"\xef\xbb\xbf" + VI.encode("utf-8"), VI.encode("utf-16"),
                                  VI.encode("utf-16-be").join([b"\xfe\xff", b""])])
def test_unicode_with_and_without_bom(data):
    assert same(decode_bytes(data, "a.txt"))


def test_windows_1258_file():
    assert same(decode_bytes(windows_1258(VI), "a.txt"))


@pytest.mark.parametrize("encoding", ["VISCII", "TCVN5712-1"])
def test_viscii_and_tcvn3_files(encoding):
    if shutil.which("iconv") is None:
        pytest.skip("iconv is needed to write the legacy file")
    data = subprocess.run(["iconv", "-t", encoding], input=VI.encode(), capture_output=True, check=True).stdout
    assert same(decode_bytes(data, "a.txt"))


def test_vni_file():
    # VNI as typed with VNI fonts: each Vietnamese letter is its base letter and a mark byte ("Vieät" = "Việt").
    vni = ("Hoâm nay trôøi ñeïp, chuùng toâi ñi chôi ôû Haø Noäi vaø gaëp nhieàu ngöôøi baïn cuûa mình.\n"
           "Tieâu ñeà baøi vieát veà Vieät Nam vaø theá giôùi")
    assert same(decode_bytes(vni.encode("cp1252"), "a.txt"))
    upper = "ÑAÛNG COÄNG SAÛN VIEÄT NAM laø ñaûng cuûa nhöõng ngöôøi lao ñoäng vaø cuûa caû daân toäc."
    assert decode_bytes(upper.encode("cp1252"), "a.txt") == unicodedata.normalize(
        "NFC", "ĐẢNG CỘNG SẢN VIỆT NAM là đảng của những người lao động và của cả dân tộc.")


def test_western_legacy_text_reads_as_its_language():
    text = "Café crème, voilà le résumé de la journée à Paris."
    assert decode_bytes(text.encode("latin-1"), "a.txt") == text


def test_undecodable_and_binary_files_are_errors_naming_the_file():
    with pytest.raises(DigestError) as exc:
        decode_bytes(bytes(range(0x80, 0x100)) * 3, "content/x.txt")
    assert exc.value.diagnostics[0].format().startswith("content/x.txt:1: error: not UTF-8 text")
    with pytest.raises(DigestError) as exc:
        decode_bytes(b"\x00\x01binary\x00" * 50, "content/y.txt")
    assert "binary file" in exc.value.diagnostics[0].message
