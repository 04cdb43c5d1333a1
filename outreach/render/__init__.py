"""Rendering: templates, HTML pages and PDFs."""
