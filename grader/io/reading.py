"""Loading essays from text, Markdown, Word and PDF files, or from standard input."""

from __future__ import annotations

import codecs
import io
import logging
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from grader.essay import Essay

ESSAY_SUFFIXES = (".txt", ".md", ".docx", ".odt", ".rtf", ".pdf")
# Files a class folder holds beside the essays (the rubric, a mark sheet, earlier reports):
# not essays, and not worth a line in the list of files that could not be marked.
NOT_ESSAYS = frozenset({".yaml", ".yml", ".csv", ".json", ".html", ".htm", ".css", ".js", ".zip"})
# Why a file of a kind grader cannot read was not marked, in words a teacher can act on.
UNREADABLE_KINDS = {
    ".doc": "is an old-style Word document (.doc), which grader cannot read; save it as .docx "
    "or PDF",
    ".pages": "is an Apple Pages document; export it as .docx or PDF",
    ".wps": "is a Microsoft Works document; save it as .docx or PDF",
    ".jpg": "is a photo, not a text; type the essay or save it as .docx or PDF",
    ".jpeg": "is a photo, not a text; type the essay or save it as .docx or PDF",
    ".png": "is an image, not a text; type the essay or save it as .docx or PDF",
    ".heic": "is a photo, not a text; type the essay or save it as .docx or PDF",
}
READS = "grader reads .txt, .md, .docx, .odt, .rtf and .pdf"
STDIN = "-"
# A class's essays run to a few thousand words; far more is a paste of a book or a whole folder,
# and its report would run to megabytes. `--max-words` raises the limit.
MAX_WORDS = 20_000
# Magic numbers of files students hand in by mistake, so the error can say what the file is.
MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (perhaps a Word document)"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document (.doc)"),
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class EssayError(ValueError):
    """An essay cannot be read; the message names the file and the problem."""

    def __init__(self, source: str | Path, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = str(source)
        self.problem = problem


@dataclass(frozen=True)
class Skipped:
    """A path given on the command line that yielded no essay, and why."""

    path: str
    reason: str


def load_essay(path: str | Path, student: str | None = None, max_words: int = MAX_WORDS) -> Essay:
    """Read an essay file (or `-` for standard input) into an Essay."""
    name = str(path)
    if name == STDIN:
        text = decode_text(sys.stdin.buffer.read(), STDIN)
        return essay_from_text(text, student or "stdin", STDIN, max_words)
    path = Path(path)
    if not path.exists():
        raise EssayError(path, "no such file")
    if path.is_dir():
        raise EssayError(path, "is a folder, not an essay file")
    _refuse_unreadable(path)  # before reading: a video handed in is not read into memory
    try:
        data = path.read_bytes()
    except OSError as error:
        raise EssayError(path, f"cannot be read ({error.strerror})") from error
    return essay_from_bytes(data, path, student, max_words)


def essay_from_bytes(
    data: bytes, name: str | Path, student: str | None = None, max_words: int = MAX_WORDS
) -> Essay:
    """Read an essay file's bytes; its `name` gives the kind, the student and the source."""
    path = Path(name)
    _refuse_unreadable(path)
    reader = READERS.get(path.suffix.lower())
    if reader is not None:
        text = reader(path, data)
    elif data.lstrip().startswith(b"{\\rtf"):
        text = read_rtf(path, data)
    else:
        text = decode_text(data, str(path))
    return essay_from_text(text, student or path.stem, str(path), max_words)


def _refuse_unreadable(path: Path) -> None:
    """Refuse a kind of file no essay can be read from, saying what to hand in instead."""
    suffix = path.suffix.lower()
    if suffix in UNREADABLE_KINDS:
        raise EssayError(path, UNREADABLE_KINDS[suffix])


def essay_from_text(text: str, student: str, source: str, max_words: int = MAX_WORDS) -> Essay:
    """Build the Essay, refusing text with no words in it, or far too many."""
    if len(text) > 12 * max_words:  # counting words in a book takes long: a cheap check first
        words = len(text.split())
        if words > max_words:
            raise EssayError(source, _too_long(words, max_words))
    essay = Essay.from_text(text, student=student, source=source)
    if not essay.text:
        raise EssayError(source, "is empty" if not text else "holds only white space")
    if essay.word_count == 0:
        raise EssayError(source, "has no words in it")
    if essay.word_count > max_words:
        raise EssayError(source, _too_long(essay.word_count, max_words))
    return essay


def _too_long(words: int, limit: int) -> str:
    """Say that a text is longer than an essay should be, and how to mark it anyway."""
    return (
        f"has {words:,} words, more than the {limit:,} an essay may have; check it is one "
        "essay, or raise the limit with --max-words"
    )


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 or UTF-16 (with BOM), else Windows-1252 when that decodes cleanly."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", source)
    what = kind_of(data)
    if what is not None:
        raise EssayError(source, f"is {what}, not a text file")
    if b"\x00" in data:
        raise EssayError(source, "is a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise EssayError(
                source,
                f"is neither UTF-8 nor Windows-1252 text (undecodable byte at "
                f"position {error.start}); save it as UTF-8",
            ) from error
    if len(CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise EssayError(source, "is a binary file, not text")
    return text


def kind_of(data: bytes) -> str | None:
    """Name the kind of file a student handed in by mistake, from its first bytes."""
    return next((what for magic, what in MAGIC if data.startswith(magic)), None)


def _decode(data: bytes, encoding: str, source: str) -> str:
    """Decode with one encoding, naming the file when the bytes do not fit it."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise EssayError(
            source,
            f"starts with a {encoding.upper()} byte-order mark but is not valid "
            f"{encoding.upper()} (byte {error.start})",
        ) from error


def read_docx(path: Path, data: bytes) -> str:
    """Read a Word document's paragraphs, one blank line between them."""
    import docx  # deferred: python-docx loads lxml, which plain-text marking never needs

    _expect_zip(path, data, "Word document (.docx)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many types for a damaged package
        raise EssayError(
            path, "is a damaged Word document; open it in Word and save it again as .docx"
        ) from error
    paragraphs = [p.text.strip() for p in document.paragraphs]
    return "\n\n".join(p for p in paragraphs if p)


def read_odt(path: Path, data: bytes) -> str:
    """Read an OpenDocument text's headings and paragraphs in order (LibreOffice, Google Docs)."""
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    _expect_zip(path, data, "OpenDocument text (.odt)")
    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises zip, XML and key errors for a damaged file
        raise EssayError(
            path, "is a damaged OpenDocument file; open it and save it again as .odt or .docx"
        ) from error
    wanted = {(TEXTNS, "h"), (TEXTNS, "p")}
    paragraphs: list[str] = []

    def walk(node: Any) -> None:
        for child in node.childNodes:
            if getattr(child, "qname", None) in wanted:
                paragraphs.append(" ".join(teletype.extractText(child).split()))
            elif getattr(child, "childNodes", None):
                walk(child)

    walk(document.text)
    return "\n\n".join(p for p in paragraphs if p)


def read_rtf(path: Path, data: bytes) -> str:
    """Read a Rich Text file's text without its formatting codes."""
    from striprtf.striprtf import rtf_to_text

    try:
        text = str(rtf_to_text(data.decode("latin-1"), errors="ignore"))  # type: ignore[no-untyped-call]
    except Exception as error:  # striprtf gives no error types of its own
        raise EssayError(path, "is a damaged RTF file; save it again as .docx or PDF") from error
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(p for p in paragraphs if p)


def _expect_zip(path: Path, data: bytes, kind: str) -> None:
    """Refuse a file that is not the ZIP package its name promises, saying what it is."""
    if data.startswith(b"PK\x03\x04"):
        return
    what = kind_of(data)
    if what is not None:
        raise EssayError(path, f"is named as a {kind} but is {what}")
    if data.startswith(b"\x7fELF") or b"\x00" in data[:1024]:
        raise EssayError(path, f"is named as a {kind} but is not one (a program or other file)")
    raise EssayError(path, f"is named as a {kind} but is not one; save the essay again")


def read_pdf(path: Path, data: bytes) -> str:
    """Read a PDF's text layer, joining the lines of each paragraph again."""
    from pypdf import PdfReader  # deferred: only PDF essays need it
    from pypdf.errors import PdfReadError

    # pypdf logs its repairs of damaged files; the one-line error below is what a teacher needs.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise EssayError(path, "is a password-protected PDF; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except EssayError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError) as error:
        raise EssayError(
            path, "is a damaged PDF; export the essay from the word processor again"
        ) from error
    text = "\n".join(pages)
    if not text.strip():
        raise EssayError(
            path,
            "has no text layer (a scanned image?); export the essay from the word "
            "processor as PDF or .docx",
        )
    return reflow_lines(text)


class _HtmlText(HTMLParser):
    """Collect an HTML page's text, a blank line at each paragraph, heading or break."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside <script> or <style>, whose text is no part of the essay

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Start a paragraph at a block, or hide a script's text."""
        if tag in {"script", "style"}:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        """End hiding after a script or style."""
        if tag in {"script", "style"}:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        """Keep visible text."""
        if not self.hidden:
            self.parts.append(data)


def read_html(path: Path, data: bytes) -> str:
    """Read the text of an HTML page (Moodle's online text, Canvas's text entry)."""
    parser = _HtmlText()
    parser.feed(decode_text(data, str(path)))
    parser.close()
    paragraphs = [" ".join(p.split()) for p in "".join(parser.parts).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


# The readers of each kind of file by its suffix; any other file is read as text.
READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".odt": read_odt,
    ".pdf": read_pdf,
    ".rtf": read_rtf,
}


def reflow_lines(text: str) -> str:
    """Join hard-wrapped lines into paragraphs: a short line ending a sentence ends one."""
    lines = [line.strip() for line in text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(line)
        if line[-1] in '.!?:”"' and len(line) < 0.8 * width:
            paragraphs.append([])
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def find_essays(paths: Iterable[str]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders into essay files, sorted; report paths that gave none."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            inside = [p for p in files if p.suffix.lower() in ESSAY_SUFFIXES]
            listed = len(skipped)
            for other in files:
                suffix = other.suffix.lower()
                if suffix not in ESSAY_SUFFIXES and suffix not in NOT_ESSAYS:
                    reason = UNREADABLE_KINDS.get(suffix) or f"is not a file {READS}"
                    skipped.append(Skipped(str(other), reason))
            if not inside and len(skipped) == listed:
                skipped.append(Skipped(name, f"folder holds no essay files ({READS})"))
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            skipped.append(Skipped(name, "no such file or folder"))
    unique = list(dict.fromkeys(found))
    return unique, skipped
