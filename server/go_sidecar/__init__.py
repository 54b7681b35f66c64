"""go-sidecar: setup failures of Go toolchains, debuggers and caches, explained and fixed."""

__version__ = "0.1.0"
