"""The graph folder: its files and manifest (``store``, ``integrity``), the writer lock
(``lock``), the stores its queries run on (``backends``), changes to it (``update``,
``rebuild``), the build (``build``), its check (``check``) and its export (``export``).
"""
