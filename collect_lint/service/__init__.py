"""``collect-lint serve``: the linter and the contact rules as an HTTP service for sending
services in any language (needs ``pip install 'collect-lint[server]'``).

- ``app``: the API (FastAPI), its request/response models, errors, access log
- ``policies``: one linter and contact gate per named policy; built anew on reload
- ``stores``: contact counts in SQLite (default) or Redis
- ``metrics``: Prometheus metrics summed over worker processes
- ``server``: one process, or a supervisor over N workers (SIGHUP reload, graceful stop)
- ``client``: a small Python client
"""
