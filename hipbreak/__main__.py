"""`python -m hipbreak` runs the same command as `hipbreak`."""

from hipbreak.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
