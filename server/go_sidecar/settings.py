"""go-sidecar's own settings: one namespace (`goSidecar`) for VS Code, LSP4IJ, the CLI and settings.json.

Parsed once into a typed value; a bad value gives a message and falls back to the default for that key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from go_sidecar._record import dataclass, field
from go_sidecar.model import Severity

NAMESPACE = "goSidecar"
GOCACHE_OVERSIZED_GIB = 10.0  # gocacheOversizedGiB's default


@dataclass(frozen=True)
class Settings:
    toolchain_roots: tuple[str, ...] = ()
    disabled_rules: frozenset[str] = frozenset()
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    gocache_oversized_gib: float | None = None  # None: not set here (GOCACHE_OVERSIZED_GIB applies)

    @property
    def gocache_threshold_gib(self) -> float:
        return GOCACHE_OVERSIZED_GIB if self.gocache_oversized_gib is None else self.gocache_oversized_gib

    def merged(self, other: Settings) -> Settings:
        """`other` wins where it sets something."""
        return Settings(
            toolchain_roots=other.toolchain_roots or self.toolchain_roots,
            disabled_rules=other.disabled_rules or self.disabled_rules,
            severity_overrides={**self.severity_overrides, **other.severity_overrides},
            gocache_oversized_gib=(
                other.gocache_oversized_gib if other.gocache_oversized_gib is not None else self.gocache_oversized_gib
            ),
        )


def parse_settings(raw: Any, known_codes: set[str] | None = None) -> tuple[Settings, list[str]]:
    """Accepts {"toolchainRoots": ...} or {"goSidecar": {...}} or flat "goSidecar.x" keys (settings.json)."""
    messages: list[str] = []
    if raw is None:
        return Settings(), messages
    if not isinstance(raw, Mapping):
        return Settings(), [f"{NAMESPACE} settings must be an object, got {type(raw).__name__}; using defaults"]
    if isinstance(raw.get(NAMESPACE), Mapping):
        raw = raw[NAMESPACE]
    prefix = NAMESPACE + "."
    flat = {k[len(prefix) :]: v for k, v in raw.items() if isinstance(k, str) and k.startswith(prefix)}
    values = {**raw, **flat}

    roots: tuple[str, ...] = ()
    v = values.get("toolchainRoots")
    if v is not None:
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            roots = tuple(x for x in v if x)
        else:
            messages.append(f"{prefix}toolchainRoots must be a list of folder paths; ignoring {v!r}")

    disabled: frozenset[str] = frozenset()
    v = values.get("disabledRules")
    if v is not None:
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            disabled = frozenset(v)
            unknown = sorted(disabled - known_codes) if known_codes else []
            if unknown:
                messages.append(f"{prefix}disabledRules names unknown rules: {', '.join(unknown)}")
        else:
            messages.append(f"{prefix}disabledRules must be a list of rule codes; ignoring {v!r}")

    overrides: dict[str, Severity] = {}
    v = values.get("severityOverrides")
    if v is not None:
        if isinstance(v, Mapping):
            for code, level in v.items():
                if known_codes and code not in known_codes:
                    messages.append(f"{prefix}severityOverrides names an unknown rule {code!r}; ignored")
                    continue
                try:
                    overrides[code] = Severity.parse(str(level))
                except ValueError as e:
                    messages.append(f"{prefix}severityOverrides.{code}: {e}; using the rule's default")
        else:
            messages.append(f"{prefix}severityOverrides must be an object of rule code to severity; ignoring {v!r}")
    gib: float | None = None
    v = values.get("gocacheOversizedGiB")
    if v is not None:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < float("inf"):
            gib = float(v)
        else:
            messages.append(
                f"{prefix}gocacheOversizedGiB must be a number of GiB greater than 0; ignoring {v!r}, "
                f"using {GOCACHE_OVERSIZED_GIB:g}"
            )
    return Settings(roots, disabled, overrides, gib), messages
