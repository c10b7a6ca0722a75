"""Importing CSV and XLSX files into the knowledge base, and exporting the same formats.

Built on django-import-export: ``files`` reads and checks an uploaded file (size,
encoding, separators, formulas, row limit) before any row is looked at;
``resources`` says, per kind, which columns a file has and how each row becomes a
model instance under every model rule; ``batches`` records an import as one
revision, an audit event and an ``ImportBatch`` that can undo it whole. The admin
(``briefs.admin.imports``) and ``manage.py import_data`` both go through them.
"""
