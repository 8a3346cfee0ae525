"""`grader teachers add`: the accounts that run class mode of `grader serve`."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from grader.cli.errors import EXIT_OK, EXIT_USAGE, Failure

DEFAULT_DATA = Path("grader-data")
TEACHERS_EXAMPLES = """\
examples:
  grader teachers add "Ms Rivera"
  grader teachers add rivera --password-file rivera.txt --data /srv/grader
"""


def add_teachers_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `grader teachers add`."""
    teachers = commands.add_parser(
        "teachers",
        help="create teacher accounts for class mode of `grader serve`",
        description="Teacher accounts for `grader serve` in class mode (listening beyond this "
        "computer, or with --classes): a teacher signs in, creates classes and marks them.",
        epilog=TEACHERS_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = teachers.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="create a teacher's account",
        description="Create a teacher's account; the password is asked for unless "
        "--password-file gives it (its first line).",
        epilog=TEACHERS_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("name", metavar="NAME", help="the name the teacher signs in with")
    add.add_argument(
        "--password-file", type=Path, metavar="FILE", help="read the password from FILE"
    )
    add.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="the folder `grader serve --data` uses (default: %(default)s)",
    )
    add.set_defaults(run=run_teachers_add)


def run_teachers_add(args: argparse.Namespace) -> int:
    """Create a teacher's account in the data folder's database."""
    from grader.web.people import People, PeopleError
    from grader.web.store import DraftStore, StoreError

    password = _password(args.password_file)
    try:
        people = People(DraftStore(args.data))
        teacher = people.add_teacher(args.name, password)
    except (StoreError, OSError) as error:
        raise Failure(f"{args.data}: {error}", EXIT_USAGE) from error
    except PeopleError as error:
        raise Failure(str(error), EXIT_USAGE) from error
    print(f"Teacher {teacher.name!r} can now sign in to `grader serve --data {args.data}`.")
    return EXIT_OK


def _password(file: Path | None) -> str:
    """Read the new password from its file's first line, or ask for it twice."""
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise Failure(f"{file}: cannot read the password ({error})", EXIT_USAGE) from error
        return lines[0] if lines else ""
    first = getpass.getpass("Password: ")
    if getpass.getpass("The same password again: ") != first:
        raise Failure("the two passwords differ; nothing was created", EXIT_USAGE)
    return first
