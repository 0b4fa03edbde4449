"""Renderers: HTML pages (Jinja2), PDF booklets (WeasyPrint), and what they share."""
