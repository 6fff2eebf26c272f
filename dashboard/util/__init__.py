"""Small helpers every stage may use: name keys and document-text normalisation
(:mod:`.text`), safe strings for storage and messages (:mod:`.safetext`), atomic file
writes (:mod:`.atomic`).

In: strings, paths.  Out: strings, files written whole or not at all.
May import: the standard library and :mod:`dashboard.errors` only.
"""

