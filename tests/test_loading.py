from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

from grader.io.reading import EssayError, essay_from_bytes, find_essays, load_essay, reflow_lines
from tests.conftest import SEED, make_blank_pdf, make_docx, make_pdf

TEXT = "Kirov was killed in 1934.\n\nThe terror followed – and Stalin’s purge began…"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # Python writes a BOM first
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_text_encodings_give_the_same_text(tmp_path: Path, data: bytes) -> None:
    essay = load_essay(write(tmp_path, "essay.txt", data))
    assert essay.text == TEXT
    assert len(essay.paragraphs) == 2


def test_windows_1252_is_read_when_it_decodes_cleanly(tmp_path: Path) -> None:
    essay = load_essay(write(tmp_path, "essay.txt", TEXT.encode("cp1252")))
    assert essay.text == TEXT


def test_bytes_neither_utf8_nor_cp1252_give_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "essay.txt", b"Stalin \x81\x8d purged the party " * 3)
    with pytest.raises(EssayError, match=r"essay\.txt: is neither UTF-8 nor Windows-1252"):
        load_essay(path)


def test_student_is_the_file_stem_and_markdown_is_text(tmp_path: Path) -> None:
    essay = load_essay(write(tmp_path, "sam_lee.md", b"# The Terror\n\nIt began in 1934."))
    assert essay.student == "sam_lee"
    assert essay.source.endswith("sam_lee.md")
    assert load_essay(SEED, student="Alex").student == "Alex"


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\t\n  ", "holds only white space"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "is a PNG image"),
        ("nulls.txt", b"abc\x00def" * 20, "is a binary file"),
        ("punctuation.txt", b"... !!! ---", "has no words"),
        ("bad-bom.txt", codecs.BOM_UTF8 + b"caf\xe9", "starts with a UTF-8 byte-order mark"),
    ],
)
def test_bad_text_files_give_one_line_naming_the_file(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    with pytest.raises(EssayError) as caught:
        load_essay(write(tmp_path, name, data))
    message = str(caught.value)
    assert message.startswith(str(tmp_path / name) + ": ")
    assert problem in message
    assert "\n" not in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(EssayError, match="no such file"):
        load_essay(tmp_path / "absent.txt")
    with pytest.raises(EssayError, match="is a folder"):
        load_essay(tmp_path)


def test_docx_paragraphs_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "essay.docx"
    make_docx(path, ["Kirov was killed in 1934.", "", "Stalin’s purge followed."])
    essay = load_essay(path)
    assert essay.text == "Kirov was killed in 1934.\n\nStalin’s purge followed."
    assert len(essay.paragraphs) == 2


def test_corrupt_docx_gives_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.docx", b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(EssayError, match=r"broken\.docx: is a damaged Word document; open it"):
        load_essay(path)


def test_pdf_text_layer_is_read_and_reflowed(tmp_path: Path) -> None:
    lines = [
        "The Great Terror reached its height in 1937 and 1938, when the NKVD arrested",
        "about one and a half million people across the Soviet Union.",
        "Historians still argue about how far Stalin planned every stage of it.",
    ]
    path = write(tmp_path, "essay.pdf", make_pdf(lines))
    essay = load_essay(path)
    assert essay.text.startswith("The Great Terror reached its height in 1937 and 1938, when the")
    assert "arrested about one and a half million" in essay.text
    assert len(essay.sentences) == 2


def test_pdf_without_text_layer_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    make_blank_pdf(path)
    with pytest.raises(EssayError, match=r"scan\.pdf: has no text layer"):
        load_essay(path)


def test_corrupt_pdf_gives_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.pdf", b"%PDF-1.4\n garbage without objects")
    with pytest.raises(EssayError, match=r"broken\.pdf: "):
        load_essay(path)


def test_an_essay_read_from_its_bytes_is_the_essay_read_from_its_file(tmp_path: Path) -> None:
    make_docx(tmp_path / "Anna.docx", ["Kirov was killed in 1934.", "", "Stalin’s purge followed."])
    lines = ["Kirov was killed in 1934.", "The purge followed."]
    pdf = write(tmp_path, "Boris.pdf", make_pdf(lines))
    for path in (tmp_path / "Anna.docx", pdf, write(tmp_path, "Cleo.txt", TEXT.encode("cp1252"))):
        assert essay_from_bytes(path.read_bytes(), path) == load_essay(path)
    with pytest.raises(EssayError, match=r"draft\.doc: .*\.docx"):
        essay_from_bytes(b"\xd0\xcf\x11\xe0", "draft.doc")


def test_reflow_joins_wrapped_lines_and_ends_paragraphs_at_short_lines() -> None:
    text = "A long line that wraps onto the next line of\nthe page here.\nNew paragraph starts."
    assert reflow_lines(text) == (
        "A long line that wraps onto the next line of the page here.\n\nNew paragraph starts."
    )


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(TEXT.encode("utf-8"))

    monkeypatch.setattr("sys.stdin", Stdin)
    essay = load_essay("-", student="Sam")
    assert essay.text == TEXT and essay.student == "Sam" and essay.source == "-"


def test_find_essays_expands_folders_and_reports_empty_ones(tmp_path: Path) -> None:
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "b.txt").write_text("B.")
    (tmp_path / "class" / "a.docx").write_text("A.")
    (tmp_path / "class" / "notes.csv").write_text("x")
    (tmp_path / "class" / ".hidden").mkdir()
    (tmp_path / "class" / ".hidden" / "c.txt").write_text("C.")
    (tmp_path / "empty").mkdir()
    files, skipped = find_essays(
        [str(tmp_path / "class"), str(tmp_path / "empty"), str(tmp_path / "gone.txt")]
    )
    assert [f.name for f in files] == ["a.docx", "b.txt"]
    assert [(Path(s.path).name, s.reason.split(" (")[0]) for s in skipped] == [
        ("empty", "folder holds no essay files"),
        ("gone.txt", "no such file or folder"),
    ]


def make_odt(path: Path, heading: str, paragraphs: list[str]) -> None:
    """Write a real OpenDocument text with odfpy, as LibreOffice would save it."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=heading))
    for paragraph in paragraphs:
        document.text.addElement(P(text=paragraph))
    document.save(str(path))


def test_odt_headings_and_paragraphs_are_read_in_order(tmp_path: Path) -> None:
    path = tmp_path / "essay.odt"
    make_odt(path, "The Terror", ["Kirov was killed in 1934.", "Stalin’s purge followed."])
    essay = load_essay(path)
    assert essay.text == "The Terror\n\nKirov was killed in 1934.\n\nStalin’s purge followed."
    assert essay.student == "essay"


RTF = (
    rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0\fs24 "
    rb"Kirov was killed in 1934.\par Stalin\rquote s purge followed \b quickly\b0.\par }"
)


@pytest.mark.parametrize("name", ["essay.rtf", "essay.txt"])
def test_rtf_is_read_without_its_codes_whatever_its_name(tmp_path: Path, name: str) -> None:
    essay = load_essay(write(tmp_path, name, RTF))
    assert essay.text == "Kirov was killed in 1934.\n\nStalin’s purge followed quickly."
    assert "\\" not in essay.text and "rtf" not in essay.text


def test_a_program_named_docx_says_what_it_is_not_what_the_library_said(tmp_path: Path) -> None:
    path = write(tmp_path, "essay.docx", b"\x7fELF\x02\x01\x01" + bytes(200))
    with pytest.raises(EssayError) as caught:
        load_essay(path)
    assert str(caught.value) == (
        f"{path}: is named as a Word document (.docx) but is not one (a program or other file)"
    )
    assert "Package not found" not in str(caught.value)


def test_old_word_documents_say_how_to_save_them(tmp_path: Path) -> None:
    path = write(tmp_path, "essay.doc", b"\xd0\xcf\x11\xe0" + bytes(100))
    with pytest.raises(EssayError, match=r"essay\.doc: is an old-style Word document \(\.doc\)"):
        load_essay(path)


def test_find_essays_lists_the_files_it_cannot_read(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for name in ("a.txt", "b.odt", "c.rtf", "d.doc", "e.pages", "photo.jpg", "rubric.yaml"):
        (folder / name).write_text("x")
    files, skipped = find_essays([str(folder)])
    assert [f.name for f in files] == ["a.txt", "b.odt", "c.rtf"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {"d.doc", "e.pages", "photo.jpg"}  # the rubric is not an essay
    assert reasons["d.doc"].startswith("is an old-style Word document (.doc)")
    assert "save it as .docx or PDF" in reasons["photo.jpg"]
