"""AppTest of the Opgaven overview and the Opgave fiche, including the status log and the editor login."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.statuslog import SESSION_KEY, EditorSession
from regiomonitor.auth import hash_password

EDITOR, PASSWORD = "Redacteur Test", "juist-wachtwoord-123"


@pytest.fixture(autouse=True)
def isolated_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own SQLite status log and one configured editor (cheap hash for speed)."""
    path = tmp_path / "statuslog.sqlite"
    monkeypatch.setenv("REGIOMONITOR_STATUSLOG", str(path))
    monkeypatch.delenv("REGIOMONITOR_DATABASE_URL", raising=False)
    monkeypatch.setenv("REGIOMONITOR_EDITORS", f"{EDITOR}={hash_password(PASSWORD, iterations=1000)}")
    return path


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [h.value for h in at.subheader] + [w.value for w in at.warning] + [t.value for t in at.text]
    return "\n".join(str(p) for p in parts)


def _links(at) -> list[str]:
    return [f"{el.proto.label} {el.proto.page} {el.proto.query_string}" for el in at.get("page_link")]


def _card_titles(at) -> str:
    """The bold 'N. titel' lines of the overview cards."""
    return " ".join(str(m.value) for m in at.markdown if str(m.value).startswith("**") and ". " in str(m.value)[:6])


def test_overview_lists_all_21_by_theme(open_page) -> None:
    at = open_page("pages/opgaven.py", weergave="thema")
    assert not at.exception
    labels = _card_titles(at)
    for n in range(1, 22):
        assert f"**{n}. " in labels, n
        assert any(f"Open opgave {n} " in link and f"opgave={n}" in link for link in _links(at)), n
    text = _texts(at)
    assert "Fijn wonen voor iedereen" in text and "Monitoringsplan" not in labels
    assert any("21 van 21" in str(m.value) for m in at.metric)
    assert any("opgave=13" in link for link in _links(at))


def test_overview_filters_from_link_and_back(open_page) -> None:
    at = open_page("pages/opgaven.py", ministerie="SZW", thema="fijn_wonen", weergave="thema")
    assert not at.exception
    assert at.multiselect(key="opgaven_ministerie").value == ["SZW"]
    labels = _card_titles(at)
    assert "**13. Energiearmoede aanpakken**" in labels and "**1. " not in labels
    at.multiselect(key="opgaven_thema").set_value([]).run()
    assert at.query_params.get("thema") is None and at.query_params["ministerie"] in ("SZW", ["SZW"])
    assert "**3. " in _card_titles(at)  # SZW is involved in opgave 3 (onderwijsniveau)


def test_overview_bad_filter_params_give_notice(open_page) -> None:
    at = open_page("pages/opgaven.py", thema="<script>alert(1)</script>", ministerie="X" * 5000, weergave="nope")
    assert not at.exception
    assert at.multiselect(key="opgaven_thema").value == []
    assert any("onbekende" in str(t.value) for t in at.toast)
    assert "<script>" not in " ".join(str(m.value) for m in at.markdown)


@pytest.mark.parametrize("view", ["tabel", "ministeries", "doelen", "verwijzingen"])
def test_overview_views(open_page, view: str) -> None:
    at = open_page("pages/opgaven.py", weergave=view)
    assert not at.exception
    if view == "tabel":
        assert len(at.dataframe[0].value) == 21
    elif view == "verwijzingen":
        assert any(link.startswith("Open opgave 6 ") and "opgave=6" in link for link in _links(at))
        assert "verwijst naar 7. " in _texts(at)
    else:
        assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_search_finds_energiearmoede(open_page) -> None:
    at = open_page("pages/opgaven.py", weergave="thema")
    at.text_input(key="opgaven_zoek").set_value("energie").run()
    labels = _card_titles(at)
    assert "**13. Energiearmoede aanpakken**" in labels and "**1. " not in labels
    assert at.query_params["zoek"] in ("energie", ["energie"])


def test_opgave_13_fiche(open_page) -> None:
    at = open_page("pages/opgave.py", opgave="13")
    assert not at.exception
    text = _texts(at)
    assert "Opgave 13 · Energiearmoede aanpakken" in text
    assert "Renovatiedeal" in text and "BZK" in text and "SZW" in text
    assert "geen primair ministerie" in text
    assert "Nog geen vervolgafspraken" in text
    assert "geen status vastgelegd" in text.lower() or "Geen status vastgelegd" in text
    table = at.table[0].value
    assert "Almelo" in table.columns and "Enschede" in table.columns
    assert table["Indicator"].str.contains("rond", case=False).any()  # moeite met rondkomen
    assert any("opgave=12" in link for link in _links(at)) and any("opgave=14" in link for link in _links(at))
    assert at.query_params["opgave"] in ("13", ["13"])


@pytest.mark.parametrize("bad", ["99", "0", "abc", "<script>alert(1)</script>", "1" * 10_000, "²", "13abc"])
def test_unknown_opgave_shows_list(open_page, bad: str) -> None:
    at = open_page("pages/opgave.py", opgave=bad)
    assert not at.exception
    assert at.warning and "bestaat niet" in at.warning[0].value
    assert sum("Opgave " in link for link in _links(at)) >= 21


def test_cross_references_both_ways(open_page) -> None:
    at = open_page("pages/opgave.py", opgave="1")  # referred to by 10, 19 and 21
    links = _links(at)
    assert "**Genoemd in**" in _texts(at)
    for n in (10, 19, 21):
        assert any(link.startswith(f"Opgave {n} ") and f"opgave={n}" in link for link in links), n


def _login(at, password: str = PASSWORD):
    at.text_input(key="opgave_login_naam").set_value(EDITOR)
    at.text_input(key="opgave_login_wachtwoord").set_value(password)
    at.button[[b.label for b in at.button].index("Inloggen")].click().run()
    return at


def test_reader_sees_no_form_and_wrong_password_is_refused(open_page) -> None:
    at = open_page("pages/opgave.py", opgave="13")
    assert "Vastleggen" not in [b.label for b in at.button]
    _login(at, "fout")
    assert not at.exception
    assert at.error and "Vastleggen" not in [b.label for b in at.button]


def test_editor_appends_and_history_shows_note_as_text(open_page) -> None:
    at = open_page("pages/opgave.py", opgave="13")
    _login(at)
    assert not at.exception
    assert "Vastleggen" in [b.label for b in at.button]
    at.selectbox(key="opgave_13_status").set_value("aandacht nodig")
    note = "<script>alert('x')</script> **vet** [link](http://example.org)"
    at.text_area(key="opgave_13_notitie").set_value(note)
    at.button[[b.label for b in at.button].index("Vastleggen")].click().run()
    assert not at.exception
    assert any(t.value == note for t in at.text)  # shown verbatim as plain text
    assert "aandacht nodig" in _texts(at) or any("aandacht nodig" in str(b.proto) for b in at.get("badge"))
    overview = open_page("pages/opgaven.py", weergave="tabel")
    table = overview.dataframe[0].value
    assert table.loc[table["Nr."] == 13, "Status"].item() == "aandacht nodig"


@pytest.mark.parametrize("forged", ["Redacteur Test", EditorSession(EDITOR, 1.0, "0" * 64)])
def test_session_state_cannot_fake_a_login(open_page, forged: object) -> None:
    at = open_page("pages/opgave.py", opgave="13", editor=EDITOR, _statuslog_editor=EDITOR)
    at.session_state[SESSION_KEY] = forged
    at.run()
    assert not at.exception
    assert "Vastleggen" not in [b.label for b in at.button]


# ------------------------------------------------------------------------------ issue 13: abuse of the login


class _Clock:
    """A stand-in for the time module inside components.statuslog: a fixed wall clock, the real monotonic one."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    @staticmethod
    def monotonic() -> float:
        import time

        return time.monotonic()


def test_throttle_and_login_survive_a_cache_clear(open_page, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a client's 'clear_cache' used to reset: the throttle and the signing key are in the database now."""
    import streamlit as st

    monkeypatch.setattr("components.statuslog.time", _Clock(1_900_000_000.0))  # no wait expires during the test
    at = open_page("pages/opgave.py", opgave="13")
    for _ in range(3):
        _login(at, "fout")
    st.cache_data.clear()
    st.cache_resource.clear()  # what Streamlit's clear_cache handler does (now refused, and harmless anyway)
    _login(at)  # the right password, but the name is throttled
    assert "Te veel mislukte pogingen" in at.error[0].value and "Vastleggen" not in [b.label for b in at.button]

    other = open_page("pages/opgave.py", opgave="12")
    other.session_state[SESSION_KEY] = None
    _login(other, "fout")  # a fresh session: still counted in the database
    assert "Te veel mislukte pogingen" in other.error[0].value


def test_a_login_survives_a_cache_clear_and_expires(open_page, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    at = open_page("pages/opgave.py", opgave="13")
    _login(at)
    assert "Vastleggen" in [b.label for b in at.button]
    st.cache_resource.clear()
    at.run()
    assert "Vastleggen" in [b.label for b in at.button]  # the signing key did not change
    token = at.session_state[SESSION_KEY]
    monkeypatch.setattr("components.statuslog.time", _Clock(token.issued + 8 * 3600 + 1))
    at.run()
    assert "Vastleggen" not in [b.label for b in at.button]  # eight hours later the login has expired


def test_logins_and_writes_are_audited(open_page, isolated_log: Path) -> None:
    from regiomonitor.authstore import AuthStore
    from regiomonitor.statuslog_backends import open_status_log

    at = open_page("pages/opgave.py", opgave="13")
    _login(at, "fout")
    _login(at)
    at.selectbox(key="opgave_13_status").set_value("op koers")
    at.button[[b.label for b in at.button].index("Vastleggen")].click().run()
    events = [(r["event"], r["editor"]) for r in AuthStore(open_status_log(sqlite_path=isolated_log)).audit_entries()]
    assert events[:3] == [("status", EDITOR), ("login", EDITOR), ("login_mislukt", EDITOR)]


def test_a_bad_status_row_is_named_and_the_rest_shown(open_page, isolated_log: Path) -> None:
    import sqlite3
    from datetime import date

    from regiomonitor.statuslog_backends import open_status_log

    open_status_log(sqlite_path=isolated_log).append(13, date(2026, 3, 1), "aandacht nodig", "", EDITOR)
    with sqlite3.connect(isolated_log) as conn:
        conn.execute(
            "INSERT INTO status_log (opgave, datum, status, notitie, editor, vastgelegd) "
            "VALUES (5, '03-12-2026', 'op koers', '', 'Bob', '2026-12-03T10:00:00')"
        )
    for page, params in (("pages/opgaven.py", {"weergave": "tabel"}), ("pages/opgave.py", {"opgave": "13"})):
        at = open_page(page, **params)
        assert not at.exception
        warning = " ".join(w.value for w in at.warning)
        assert "onleesbaar en overgeslagen" in warning and "regel 2" in warning and "03-12-2026" in warning
    table = open_page("pages/opgaven.py", weergave="tabel").dataframe[0].value
    assert table.loc[table["Nr."] == 13, "Status"].item() == "aandacht nodig"


def _grid_html(at) -> str:
    return " ".join(str(h.proto.body) for h in at.get("html"))


def test_grid_is_the_default_view_and_shows_the_plan_stage(open_page) -> None:
    at = open_page("pages/opgaven.py")
    assert not at.exception
    html = _grid_html(at)
    assert html.count("<tr") == 22  # header + 21 opgaven
    for n in (1, 13, 21):
        assert f"<b>{n}.</b>" in html, n
    assert "uit het Plan (maart 2026)" in html and "deels belegd" in html
    assert "Voor geen van de 21 opgaven is al een status vastgelegd" in _texts(at)
    assert "uit het Plan voor de Regio (maart 2026)" in _texts(at)
    assert {b.label for b in at.get("download_button")} >= {"Stand als CSV", "Stand als Excel"}
    assert at.query_params["weergave"] in ("stand", ["stand"])


def test_grid_follows_the_filters(open_page) -> None:
    at = open_page("pages/opgaven.py", thema="fijn_wonen")
    assert _grid_html(at).count("<tr") == 6  # header + opgaven 12-16


def test_opgave_13_badges_match_the_fiche(open_page) -> None:
    at = open_page("pages/opgave.py", opgave="13")
    text = _texts(at)
    assert "Bestuurlijk eigenaar: deels belegd" in text
    assert "Geen cijfers over de opgave zelf in de monitor" in text
    assert "verwante cijfers (keuze van de monitor)" in text
    assert "in 2026, volgens het monitoringsplan" in text
    assert "Geen van deze cijfers meet de opgave zelf" in text


def test_opgave_14_theme_is_the_fiche_header(open_page) -> None:
    at = open_page("pages/opgave.py", opgave="14")
    text = _texts(at)
    assert "Thema: **Fijn wonen voor iedereen**" in text
    assert "in het overzicht van het document" not in text and "slip van de tekstextractie" in text


def test_editor_sees_bulk_entry_on_the_overview(open_page) -> None:
    at = open_page("pages/opgaven.py")
    assert "Alle regels vastleggen" not in [b.label for b in at.button]
    at.text_input(key="opgaven_login_naam").set_value(EDITOR)
    at.text_input(key="opgaven_login_wachtwoord").set_value(PASSWORD)
    at.button[[b.label for b in at.button].index("Inloggen")].click().run()
    assert not at.exception
    labels = [b.label for b in at.button]
    assert "Alle regels vastleggen" in labels and "Bestand controleren en vastleggen" in labels
