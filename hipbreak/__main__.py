"""`python -m hipbreak` runs the same command as `hipbreak`, and says so when it runs another copy."""

import sys

from hipbreak.cli.main import main
from hipbreak.cli.origin import origin_note

if __name__ == "__main__":
    note = origin_note()
    if note is not None:
        print(f"hipbreak: {note}", file=sys.stderr)
    raise SystemExit(main())
