"""Text file encodings (compliance.inputs._csv_encoding): files written the way the exporting
programs write them. UTF-8 with or without a BOM, GB18030 (Excel on Chinese Windows), UTF-16
with a BOM (Excel's "Unicode text", Notepad); a Big5 file, which also decodes as GB18030 into
garbage, is refused naming Big5; ``encoding=`` (``--encoding``) overrides."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from compliance.errors import Problem
from compliance.inputs import EXPECT_ENCODING, _csv_encoding

SIMPLIFIED = (
    "id,kind,contract,date,person,status,备注\r\n"
    "A-1,attendance,hebi-backup,2026-09-30,张伟,present,驻场工程师按合同要求到岗\r\n"
    "A-2,attendance,hebi-backup,2026-09-30,李明,late,因交通拥堵迟到半小时\r\n"
)
TRADITIONAL = (
    "id,kind,contract,date,person,status\r\n"
    "A-1,attendance,hebi-backup,2026-09-30,張偉,present\r\n"
    "A-2,attendance,hebi-backup,2026-09-30,李明,late\r\n"
)


def encoding_of(path: Path, encoding: str | None = None) -> tuple[str | None, list[Problem]]:
    problems: list[Problem] = []
    got = _csv_encoding(path, str(path), problems, encoding)
    return got, problems


def text_of(path: Path, codec: str) -> str:
    with path.open("r", encoding=codec, newline="") as f:
        return f.read()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, codec", [
    ("utf8.csv", SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
    ("utf8-bom.csv", codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
    ("gb18030.csv", SIMPLIFIED.encode("gb18030"), "gb18030"),
    ("gbk.csv", SIMPLIFIED.encode("gbk"), "gb18030"),  # GBK is a part of GB18030
    ("utf16le.csv", codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16"),
    ("utf16be.csv", codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
    ("ascii.csv", b"id,kind\r\nA-1,attendance\r\n", "utf-8-sig"),
    ("empty.csv", b"", "utf-8-sig"),
    # traditional characters written in GB18030 are GB18030, not Big5
    ("gb-traditional.csv", TRADITIONAL.encode("gb18030"), "gb18030"),
])  # fmt: skip
def test_each_encoding_is_read_right(tmp_path, name, data, codec):
    path = write(tmp_path / name, data)
    got, problems = encoding_of(path)
    assert (got, problems) == (codec, [])
    read = text_of(path, got)
    assert not read.startswith("\ufeff")  # the byte-order mark is not a part of the header
    if name.startswith(("utf8", "gb18030", "gbk", "utf16")):
        assert read == SIMPLIFIED
        assert "张伟" in read and "李明" in read


def test_a_big_gb18030_file_is_checked_whole_and_read(tmp_path):
    # larger than the reading chunk (1 MiB) and the detector's sample (256 KiB)
    rows = "".join(f"A-{i},attendance,hebi-backup,2026-09-30,张伟,present,备注第{i}行\r\n" for i in range(40_000))
    path = write(tmp_path / "big.csv", (SIMPLIFIED + rows).encode("gb18030"))
    assert path.stat().st_size > 1 << 20
    assert encoding_of(path) == ("gb18030", [])


def test_a_bad_byte_past_the_first_chunk_is_found_at_its_byte(tmp_path):
    good = ("A-1,attendance,hebi-backup,2026-09-30,张伟,present\r\n" * 30_000).encode("gb18030")
    data = good + b"\xff\xff\r\n"
    path = write(tmp_path / "bad.csv", data)
    got, [p] = encoding_of(path)
    assert got is None
    assert (p.location, p.field, p.expected) == ("", "", EXPECT_ENCODING)
    assert p.value == f"bytes ff ff 0d 0a at byte {len(good)}"


def test_a_big5_file_is_refused_naming_big5(tmp_path):
    data = TRADITIONAL.encode("big5")
    assert data.decode("gb18030")  # it does decode: into garbage
    assert "眎岸" in data.decode("gb18030")
    path = write(tmp_path / "big5.csv", data)
    got, [p] = encoding_of(path)
    assert got is None
    assert (p.source, p.location, p.field, p.expected) == (str(path), "", "", EXPECT_ENCODING)
    assert p.value == "likely Big5 (Traditional Chinese): 張偉 (read as GB18030: 眎岸)"
    assert "--encoding" in p.expected


def test_a_longer_big5_file_is_refused_too(tmp_path):
    rows = "".join(
        f"A-{i},attendance,hebi-backup,2026-09-30,{n},present,{r}\r\n"
        for i, (n, r) in enumerate([("張偉", "駐場工程師按時到崗"), ("李明", "因交通擁堵遲到半小時"), ("陳靜", "請假")] * 200)
    )
    path = write(tmp_path / "big5.csv", ("id,kind,contract,date,person,status,備註\r\n" + rows).encode("big5"))
    got, [p] = encoding_of(path)
    assert got is None and p.value.startswith("likely Big5 (Traditional Chinese): 備註 (read as GB18030: ")


@pytest.mark.parametrize("given", ["big5", "BIG5", "cp950"])
def test_the_encoding_given_reads_the_big5_file(tmp_path, given):
    path = write(tmp_path / "big5.csv", TRADITIONAL.encode("big5"))
    got, problems = encoding_of(path, given)
    assert problems == [] and got is not None
    assert text_of(path, got) == TRADITIONAL


def test_the_encoding_given_is_used_even_for_a_file_that_reads_as_utf8(tmp_path):
    path = write(tmp_path / "gb.csv", "id,kind\r\nA-1,attendance\r\n".encode("gb18030"))
    assert encoding_of(path, "gb18030") == ("gb18030", [])
    assert encoding_of(path, "utf-8") == ("utf-8-sig", [])  # a BOM is skipped too


def test_a_given_utf16_with_its_bom_skips_the_bom(tmp_path):
    path = write(tmp_path / "u16.csv", codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"))
    got, problems = encoding_of(path, "utf-16-le")
    assert problems == [] and text_of(path, got) == SIMPLIFIED


def test_a_decode_error_in_the_encoding_given_is_reported_at_its_byte(tmp_path):
    head = "id,kind,person\r\nA-1,attendance,".encode("big5")
    path = write(tmp_path / "x.csv", head + b"\xff\xfe\r\n")
    got, [p] = encoding_of(path, "big5")
    assert got is None
    assert p.value == f"bytes ff fe 0d 0a at byte {len(head)}"
    assert p.expected == "big5 text (--encoding)"


def test_an_unknown_encoding_given_is_a_problem(tmp_path):
    path = write(tmp_path / "x.csv", b"id,kind\r\n")
    got, [p] = encoding_of(path, "klingon")
    assert got is None and p.value == "--encoding klingon" and "big5" in p.expected


@pytest.mark.parametrize("data, at", [
    (b"id,kind\r\nA-1,\x00attendance\r\n", 13),
    (codecs.BOM_UTF8 + b"id,kind\r\n\x00", 12),
    ("id,备注\r\n".encode("gb18030") + b"\x00", 9),
    (codecs.BOM_UTF16_LE + "id,kind\r\n".encode("utf-16-le") + b"\x00\x00", 20),
    (codecs.BOM_UTF16_BE + "id,kind\r\n".encode("utf-16-be") + b"\x00\x00", 20),
])  # fmt: skip
def test_nul_bytes_are_still_refused(tmp_path, data, at):
    path = write(tmp_path / "nul.csv", data)
    got, [p] = encoding_of(path)
    assert got is None
    assert (p.value, p.expected) == (f"NUL byte at byte {at}", EXPECT_ENCODING)


def test_utf16_zero_bytes_inside_characters_are_not_nul(tmp_path):
    # U+0100 is 00 01 in UTF-16 LE: after "A" (41 00) the bytes 00 00 straddle two characters
    text = "id,kind\r\nAĀ,attendance\r\n"
    path = write(tmp_path / "u16.csv", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    got, problems = encoding_of(path)
    assert (got, problems) == ("utf-16", []) and text_of(path, got) == text


def test_utf32_is_still_refused(tmp_path):
    path = write(tmp_path / "u32.csv", codecs.BOM_UTF32_LE + "id,kind\r\n".encode("utf-32-le"))
    got, [p] = encoding_of(path)
    assert got is None and p.value == "UTF-32 byte-order mark"


def test_a_broken_utf16_file_is_reported_at_its_byte(tmp_path):
    data = codecs.BOM_UTF16_LE + "id,kind\r\n".encode("utf-16-le") + b"\x00\xdc"  # a lone low surrogate
    path = write(tmp_path / "u16.csv", data)
    got, [p] = encoding_of(path)
    assert got is None and p.value == "bytes 00 dc at byte 20"


def test_a_gb18030_file_whose_only_chinese_is_short_names_is_read_as_gb18030(tmp_path):
    """An attendance export from Excel on Chinese Windows whose only Chinese text is the
    engineers' names, row after row (found by the 1M benchmark: charset-normalizer took such a
    file for ISO-8859-5 and it was refused)."""
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    given = ["伟", "芳", "娜", "敏", "静", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "霞"]
    names = [s + g for g in given for s in surnames]
    lines = ["id,kind,contract,date,person,status"] + [
        f"ATT-{i:07d},attendance,hebi-backup,2026-07-01,{names[(i - 1) % len(names)]},{'absent' if i % 7 == 3 else 'present'}"
        for i in range(1, 5000)]
    path = write(tmp_path / "attendance.csv", "\r\n".join(lines).encode("gb18030"))
    got, problems = encoding_of(path)
    assert problems == [] and got == "gb18030"
    assert "王伟" in text_of(path, got)
