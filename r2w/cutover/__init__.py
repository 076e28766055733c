"""Importing the original system (one SQLite file and an uploads folder) into r2w, verified.

- ``source``: the original database, opened read-only, whatever columns its age gave it.
- ``originals``: finding each upload's file(s) in the three folder layouts, and orphan files.
- ``documents``: the original's ``cv_data`` quirks turned into a valid r2w CV document.
- ``people``: accounts, passwords and emails that differ only in case.
- ``importer``: the run itself (resumable, idempotent); ``portfolios``: the optional builds.
- ``verify`` and ``report``: source against target, and what happened to every row and file.
- ``command``: ``flask r2w import-original``.
"""
