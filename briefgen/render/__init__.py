"""Rendering: a validated brief in, HTML pages and a PDF out (pure), then written atomically."""
