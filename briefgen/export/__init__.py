"""Exports beyond HTML and PDF: Word for coordination, STIX 2.1 and MISP for the platforms intelligence teams run."""
