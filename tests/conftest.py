"""Shared fixtures: the sample essays, document builders, and a network that is never there."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grader.analysers.mechanics import engine_options
from grader.engines.lingotweaker import LingoTweakerEngine
from grader.services import Services

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "seed_great_terror.txt"


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test whose code tries to reach another machine; this one's own servers may."""
    connect, create_connection = socket.socket.connect, socket.create_connection

    def refuse(address: Any) -> None:
        if not (isinstance(address, tuple) and address and address[0] in LOOPBACK):
            raise AssertionError(f"network access attempted: {address}")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        refuse(address)
        connect(self, address)

    def guarded_create(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        refuse(address)
        return create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create)
    yield


def make_pdf(lines: list[str]) -> bytes:
    """Build a one-page PDF whose text layer holds the given lines (Helvetica, ASCII)."""
    content = "BT /F1 11 Tf 72 760 Td 14 TL\n"
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content += f"({escaped}) Tj T*\n"
    content += "ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = "%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def make_blank_pdf(path: Path) -> None:
    """Write a PDF with one page and no text layer, like a scan."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as out:
        writer.write(out)


def make_docx(path: Path, paragraphs: list[str]) -> None:
    """Write a Word document with the given paragraphs."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


@pytest.fixture(scope="session")
def lingotweaker() -> LingoTweakerEngine:
    """Build the default British English engine once per run (~2.5 s, ~400 MB)."""
    return LingoTweakerEngine(engine_options("en-GB"))


@pytest.fixture
def services(lingotweaker: LingoTweakerEngine) -> Services:
    """Give each test fresh services; they reuse the session's engine, cached per process."""
    return Services(grammar_engine="lingotweaker")
