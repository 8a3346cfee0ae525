"""`grader serve`: the web page where students check drafts and teachers mark a class."""

from __future__ import annotations

import argparse
import ipaddress
import ssl
import sys
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

from grader.cli.errors import EXIT_OK, EXIT_USAGE, Failure
from grader.io.reading import MAX_WORDS
from grader.rubric.schema import DEFAULT_RUBRIC, RubricError
from grader.rubric_loader import load_rubric

if TYPE_CHECKING:
    from grader.web.store import DraftStore

SERVE_EXAMPLES = """\
examples:
  grader serve
  grader serve --rubric history-essay-great-terror --rubric general-essay
  grader teachers add "Ms Rivera" --data /srv/grader
  grader serve --host 0.0.0.0 --allowed-host grader.school.example --data /srv/grader
"""
LOOPBACK_NAMES = ["localhost", "127.0.0.1"]
NO_TEACHER = (
    "class mode needs a teacher account: create one with `grader teachers add NAME --data {data}`"
)


def add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader serve`."""
    serve = commands.add_parser(
        "serve",
        help="start the web page for students' drafts and teachers' classes",
        description="Start grader's web page: students paste or upload a draft and see its "
        "report and how it improved; teachers upload a class and download its reports. On "
        "127.0.0.1 it is personal (one person, no sign-in). Listening beyond this computer, or "
        "with --classes, it is in class mode: teachers (`grader teachers add`) and students "
        "sign in, and each sees only their own classes and drafts. Everything is kept in a "
        "SQLite file under --data.",
        epilog=SERVE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    serve.add_argument(
        "--rubric",
        action="append",
        metavar="RUBRIC",
        help=f"a rubric offered on the page; repeat for more (default: {DEFAULT_RUBRIC})",
    )
    serve.add_argument(
        "--data", type=Path, default=Path("grader-data"), help="where drafts and classes are kept"
    )
    serve.add_argument(
        "--classes",
        action="store_true",
        help="class mode even on 127.0.0.1: teachers' and students' accounts and sign-in",
    )
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name (or address) students type to reach the page; repeat for more",
    )
    serve.add_argument(
        "--keep-days",
        type=int,
        default=365,
        metavar="DAYS",
        help="delete drafts and marked classes older than this at start (default: %(default)s)",
    )
    serve.add_argument(
        "--certfile", type=Path, metavar="FILE", help="serve HTTPS with this certificate (PEM)"
    )
    serve.add_argument(
        "--keyfile", type=Path, metavar="FILE", help="the certificate's private key (PEM)"
    )
    # The old shared class code (Basic auth): refused with a pointer to class mode.
    serve.add_argument("--password", metavar="CODE", help=argparse.SUPPRESS)
    serve.add_argument("-j", "--jobs", type=int, default=2, help="drafts marked at once")
    serve.add_argument("--no-open", action="store_true", help="do not open a browser")
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Build the engines, then serve until Ctrl-C."""
    import uvicorn

    from grader.web.app import create_app
    from grader.web.marking import Marking

    classes = args.classes or not _local(args.host)
    store = _checked_store(args, classes)
    tls = _tls_files(args.certfile, args.keyfile)
    hosts = allowed_hosts(args.host, args.allowed_host, classes)
    try:
        rubrics = {r.name: r for r in (load_rubric(n) for n in args.rubric or [DEFAULT_RUBRIC])}
    except RubricError as error:
        raise Failure(str(error), EXIT_USAGE) from error
    if not _local(args.host):
        print(f"note: listening on {args.host}, for {', '.join(hosts)}", file=sys.stderr)
    marking = Marking(rubrics, args.data, jobs=max(1, args.jobs), max_words=MAX_WORDS)
    print("Starting the grammar engine…", file=sys.stderr)
    marking.warm()
    scheme = "https" if tls else "http"
    shown = "127.0.0.1" if args.host in {"0.0.0.0", "::"} else args.host
    address = f"{scheme}://{shown}:{args.port}/"
    mode = "class mode: teachers and students sign in" if classes else "personal mode"
    print(
        f"grader is ready ({mode}): open {address} (teachers: {address}teacher). Ctrl-C stops it."
    )
    sys.stdout.flush()
    if not args.no_open:
        webbrowser.open(address)
    app = create_app(marking, store, classes=classes, allowed_hosts=hosts, https=bool(tls))
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        ssl_certfile=tls[0] if tls else None,
        ssl_keyfile=tls[1] if tls else None,
    )
    marking.close()
    return EXIT_OK


def _checked_store(args: argparse.Namespace, classes: bool) -> DraftStore:
    """Open the data folder's database, refusing class mode without a teacher account."""
    from grader.web.people import People
    from grader.web.retention import purge_older_than
    from grader.web.store import DraftStore, StoreError

    if args.password is not None:
        raise Failure(
            "--password (one shared code) is gone: class mode gives every teacher and student "
            "an account; create the first with `grader teachers add NAME`",
            EXIT_USAGE,
        )
    try:
        store = DraftStore(args.data)
    except (StoreError, OSError) as error:
        raise Failure(f"{args.data}: {error}", EXIT_USAGE) from error
    if classes and People(store).teacher_count() == 0:
        raise Failure(NO_TEACHER.format(data=args.data), EXIT_USAGE)
    if args.keep_days < 1:
        raise Failure("--keep-days must be 1 or more", EXIT_USAGE)
    purged = purge_older_than(store, args.keep_days)
    if purged.drafts or purged.classes:
        print(
            f"note: deleted {purged.drafts} drafts and {purged.classes} marked classes older "
            f"than {args.keep_days} days (--keep-days)",
            file=sys.stderr,
        )
    return store


def _tls_files(certfile: Path | None, keyfile: Path | None) -> tuple[str, str] | None:
    """Return the certificate and key to serve HTTPS with, or None; refuse one without the other."""
    if certfile is None and keyfile is None:
        return None
    if certfile is None or keyfile is None:
        raise Failure("HTTPS needs both --certfile and --keyfile", EXIT_USAGE)
    try:  # a wrong file is told in one line now, not as uvicorn's traceback later
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as error:
        raise Failure(
            f"{certfile}, {keyfile}: not a usable certificate and key ({error})", EXIT_USAGE
        ) from error
    return str(certfile), str(keyfile)


def allowed_hosts(host: str, named: list[str], classes: bool) -> list[str]:
    """Return the Host names the page answers: this computer's, the address, and those named."""
    if not classes:
        return list(LOOPBACK_NAMES)  # personal: a page elsewhere cannot rebind a name to us
    hosts = [*LOOPBACK_NAMES, *named]
    if host not in {"0.0.0.0", "::"} and host not in hosts:
        hosts.append(host)
    elif not named and not _local(host):
        raise Failure(
            f"listening on {host}, students need a name or address to type: give it with "
            "--allowed-host NAME (repeat for more)",
            EXIT_USAGE,
        )
    return hosts


def _local(host: str) -> bool:
    """Tell whether an address is this computer's own."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
