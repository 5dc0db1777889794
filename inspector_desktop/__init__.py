"""Inspector Desktop: the offline-first field tool for school education inspectors."""

__version__ = "0.1.0"
APP_NAME = "inspector-desktop"
