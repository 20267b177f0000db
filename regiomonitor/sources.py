"""The Bronnen & methode content, generated from the catalogues (not hand-copied)."""

from __future__ import annotations

import pandas as pd

from regiomonitor.data import DataStore

DIRECTION_LABELS: dict[str, str] = {
    "hoger_beter": "hoger is beter",
    "lager_beter": "lager is beter",
    "neutraal": "neutraal",
}


def datasets_table(store: DataStore) -> pd.DataFrame:
    """One row per dataset: title, publisher, period, licence, level, origin, the indicators it feeds."""
    cat = store.catalogue
    rows = []
    for ds in store.datasets.values():
        used = store.indicators.loc[store.indicators["dataset"] == ds.id, "indicator"].unique()
        labels = cat.loc[cat["id"].isin(used), "label"].tolist()
        rows.append(
            {
                "id": ds.id,
                "Dataset": ds.titel,
                "Uitgever": ds.uitgever,
                "Periode": ds.periode,
                "Licentie": ds.licentie,
                "Niveau": ds.niveau,
                "Herkomst": ds.herkomst,
                "Indicatoren": ", ".join(sorted(labels)),
                "Kanttekeningen": list(ds.kanttekeningen),
            }
        )
    return pd.DataFrame(rows)


def indicator_table(store: DataStore) -> pd.DataFrame:
    """The indicator catalogue for display: label, theme, unit, direction, definition, coverage, source."""
    cat = store.catalogue
    return (
        pd.DataFrame(
            {
                "Indicator": cat["label"],
                "Thema": cat["thema_label"],
                "Eenheid": cat["unit"],
                "Richting": cat["direction"].map(DIRECTION_LABELS),
                "Definitie": cat["definitie"],
                "Niveaus": cat["levels"].map(", ".join),
                "Perioden": cat["periods"].map(lambda ps: ", ".join(map(str, ps))),
                "Bron": cat["bron_titel"],
                "Alleen context": cat["context_only"].map({True: "ja", False: ""}),
            }
        )
        .sort_values(["Thema", "Indicator"])
        .reset_index(drop=True)
    )
