"""Building a hand-made store's indicator info from short records (tests only)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from regiomonitor.content.catalogue import IndicatorInfo


def info_from(records: Iterable[Mapping[str, Any]]) -> dict[str, IndicatorInfo]:
    """``IndicatorInfo`` per id from dicts in the old catalogue-row style (comma-joined coverage, text defaults)."""
    out: dict[str, IndicatorInfo] = {}
    for r in records:

        def split(key: str, r: Mapping[str, Any] = r) -> tuple[str, ...]:
            return tuple(v for v in str(r.get(key, "")).split(",") if v)

        out[r["id"]] = IndicatorInfo(
            id=r["id"],
            label=r.get("label", r["id"]),
            unit=r.get("unit", "%"),
            direction=r.get("direction", "neutraal"),
            thema=r.get("thema", "t"),
            thema_label=r.get("thema_label", "T"),
            definitie=r.get("definitie", ""),
            bron=r.get("bron", ""),
            bron_titel=r.get("bron_titel", ""),
            uitgever=r.get("uitgever", ""),
            populatie=r.get("populatie", ""),
            context_only=bool(r.get("context_only", False)),
            levels=split("levels"),
            periods=tuple(int(p) for p in split("periods")),
            age_groups=split("age_groups"),
        )
    return out
