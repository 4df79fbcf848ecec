#!/usr/bin/env python3
"""Rebuild graph/ from articles/: the same as `newskg build`, with the same exit status.

    python build.py            # articles/ -> graph/
    python build.py --quiet    # any `newskg build` option works
"""

import sys

from newskg.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]])
