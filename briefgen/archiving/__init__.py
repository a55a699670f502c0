"""Archiving sources: a file an analyst has (web page, PDF, text) turned into a brief's archived text and its `sources:` entry."""
