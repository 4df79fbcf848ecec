"""The web side of `newskg serve`: protocol, worker processes, pages, templates and static files."""
