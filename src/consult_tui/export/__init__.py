"""Records leaving the store: Markdown and PDF for a case file, JSON for other systems.

Every format is built from one reading-order document (document.py), so what the record view
shows, what is printed and what a system receives always agree. Each export is an audit entry.
"""
