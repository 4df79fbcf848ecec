"""Asking a graph: stored SPARQL queries and their parameters (``queries``), result tables for
the terminal (``terminal``) and why the graph believes a fact (``explain``).
"""
