"""The central sync server (the ``[server]`` extra): accounts, scope, records, blobs, verify.

Run it with ``inspector-server serve``; see ``inspector-server --help``.
"""
