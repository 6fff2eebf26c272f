"""``python -m dashboard.mapping.assets``: (re)generate the vendor folder from ``node_modules/``
(see :func:`dashboard.mapping.assets.vendor.main` for the options)."""

from dashboard.mapping.assets.vendor import main

raise SystemExit(main())
