"""``python -m newskg``: the same command line as ``newskg``."""

from newskg.cli import main

main()
