"""`grader serve`: the web page where students check drafts and teachers mark a class."""

from __future__ import annotations

import argparse
import ipaddress
import sys
import webbrowser
from pathlib import Path

from grader.cli.errors import EXIT_OK, EXIT_USAGE, Failure
from grader.io.reading import MAX_WORDS
from grader.rubric.schema import DEFAULT_RUBRIC, RubricError
from grader.rubric_loader import load_rubric

SERVE_EXAMPLES = """\
examples:
  grader serve
  grader serve --rubric history-essay-great-terror --rubric general-essay
  grader serve --host 0.0.0.0 --password CLASS-CODE --data /srv/grader
"""


def add_serve_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader serve`."""
    serve = commands.add_parser(
        "serve",
        help="start the web page for students' drafts and teachers' classes",
        description="Start grader's web page on this computer: students paste or upload a "
        "draft and see its report and how it improved; teachers upload a class and download "
        "its reports. Drafts are kept in a SQLite file under --data.",
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
        "--password", metavar="CODE", help="a class code every visitor must give (Basic auth)"
    )
    serve.add_argument("-j", "--jobs", type=int, default=2, help="drafts marked at once")
    serve.add_argument("--no-open", action="store_true", help="do not open a browser")
    serve.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    """Build the engines, then serve until Ctrl-C."""
    import uvicorn

    from grader.web.app import create_app
    from grader.web.marking import Marking
    from grader.web.store import DraftStore, StoreError

    try:
        rubrics = {r.name: r for r in (load_rubric(n) for n in args.rubric or [DEFAULT_RUBRIC])}
    except RubricError as error:
        raise Failure(str(error), EXIT_USAGE) from error
    if not _local(args.host):
        print(
            f"warning: listening on {args.host}, so other computers can reach this page"
            + ("" if args.password else "; give --password CODE so only your class can"),
            file=sys.stderr,
        )
    try:
        store = DraftStore(args.data)
    except (StoreError, OSError) as error:
        raise Failure(f"{args.data}: {error}", EXIT_USAGE) from error
    marking = Marking(rubrics, args.data, jobs=max(1, args.jobs), max_words=MAX_WORDS)
    print("Starting the grammar engine…", file=sys.stderr)
    marking.warm()
    address = f"http://{'127.0.0.1' if args.host in {'0.0.0.0', '::'} else args.host}:{args.port}/"
    print(f"grader is ready: open {address} (teachers: {address}teacher). Ctrl-C stops it.")
    sys.stdout.flush()
    if not args.no_open:
        webbrowser.open(address)
    app = create_app(marking, store, password=args.password)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    marking.close()
    return EXIT_OK


def _local(host: str) -> bool:
    """Tell whether an address is this computer's own."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
