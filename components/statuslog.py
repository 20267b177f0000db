"""The opgaven status log in the interface: the shared store, the editor login and the entry form.

Reading needs no login. Writing needs an editor session, which only a successful password check creates:
the session holds an :class:`EditorSession` signed with a key kept in the status-log database (shared by all
server processes, untouched by Streamlit's cache clearing), and every write re-checks that signature, the
login's age (``REGIOMONITOR_LOGIN_HOURS``, default 8 h) and that the editor is still configured. The login
throttle counts failures in the same database; logins, failures and writes go to its audit log. Nothing a URL or another widget can put into
``st.session_state`` passes that check, and query params are never read here. Setting many statuses at once
(table or file) is in ``components/status_bulk_entry.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import streamlit as st

from regiomonitor.auth import authenticate, load_editors, normalise_name
from regiomonitor.authstore import AuthStore
from regiomonitor.statuslog import MAX_NOTE, STATUSES, StatusEntry, StatusLog, StatusLogError
from regiomonitor.statuslog_backends import database_url_from_env, open_status_log
from regiomonitor.throttle import CLIENT_FREE_ATTEMPTS, StoredThrottle

LOG = logging.getLogger(__name__)

#: Session-state key of the signed editor session (underscore: no widget uses it).
SESSION_KEY = "_statuslog_editor"

#: The colours Streamlit's badges take.
BadgeColour = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]
#: Status → badge colour.
STATUS_COLOURS: dict[str, BadgeColour] = {
    "nog niet gestart": "gray",
    "in voorbereiding": "blue",
    "in uitvoering": "violet",
    "op koers": "green",
    "aandacht nodig": "orange",
    "vertraagd": "red",
}
NO_STATUS = "geen status vastgelegd"


@dataclass(frozen=True)
class EditorSession:
    """Proof of a successful login in this server process: name, time and an HMAC over both."""

    editor: str
    issued: float
    signature: str


#: How long an editor login lasts (hours); ``REGIOMONITOR_LOGIN_HOURS`` changes it (bounded to 5 min - 24 h).
ENV_LOGIN_HOURS = "REGIOMONITOR_LOGIN_HOURS"
DEFAULT_LOGIN_HOURS = 8.0
#: Behind a reverse proxy on this machine every browser seems to come from 127.0.0.1 (Streamlit then reports no
#: address at all); with ``REGIOMONITOR_TRUSTED_PROXY=1`` the address the proxy forwards is used instead.
ENV_TRUSTED_PROXY = "REGIOMONITOR_TRUSTED_PROXY"
KEY_NAME = "editor_session_key"
_KEY_TTL = 60.0  # seconds a process reuses the key it read, so a rotation reaches every process within a minute
_key_cache: dict[str, tuple[float, bytes]] = {}  # storage description -> (read at, key); module state, not a cache


def login_hours(environ: Mapping[str, str] | None = None) -> float:
    """The configured login lifetime in hours (default 8; out-of-range or unreadable values fall back)."""
    raw = str((os.environ if environ is None else environ).get(ENV_LOGIN_HOURS, "")).strip()
    try:
        hours = float(raw) if raw else DEFAULT_LOGIN_HOURS
    except ValueError:
        return DEFAULT_LOGIN_HOURS
    return hours if 1 / 12 <= hours <= 24 else DEFAULT_LOGIN_HOURS


def _server_key(log: StatusLog) -> bytes:
    # Kept in the status-log database, shared by every process and out of reach of Streamlit's cache clearing
    # (any browser can send "clear_cache"); re-read every minute so `python -m regiomonitor.auth rotate-key`
    # ends every login everywhere.
    now = time.monotonic()
    where = str(getattr(log, "path", "") or getattr(log, "_url", "") or log.describe())
    cached = _key_cache.get(where)
    if cached and now - cached[0] < _KEY_TTL:
        return cached[1]
    key = AuthStore(log).secret(KEY_NAME)
    _key_cache[where] = (now, key)
    return key


def _throttles(log: StatusLog) -> tuple[StoredThrottle, StoredThrottle]:
    """Per name (and address) and per address, both counted in the shared database."""
    store = AuthStore(log)
    return StoredThrottle(store, "naam"), StoredThrottle(store, "adres", free_attempts=CLIENT_FREE_ATTEMPTS)


def client_address() -> str | None:
    """The browser's address: Streamlit's, or the one a trusted local proxy forwards (None in tests / unknown)."""
    try:
        if os.environ.get(ENV_TRUSTED_PROXY, "").strip() in {"1", "true", "yes"}:
            headers = st.context.headers
            forwarded = headers.get("X-Real-Ip") or (headers.get("X-Forwarded-For") or "").split(",")[-1]
            if isinstance(forwarded, str) and forwarded.strip():
                return forwarded.strip()[:100]
        address = st.context.ip_address
        return address[:100] if isinstance(address, str) and address else None  # AppTest gives a mock object
    except Exception:
        return None


def _sign(key: bytes, editor: str, issued: float) -> str:
    return hmac.new(key, f"{editor}\x00{issued!r}".encode(), hashlib.sha256).hexdigest()


def _secrets_mapping() -> Mapping[str, Any] | None:
    """Streamlit secrets as a plain mapping, or None when no secrets file exists."""
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except FileNotFoundError:  # no secrets.toml (StreamlitSecretNotFoundError is a FileNotFoundError)
        return None
    except Exception:
        LOG.warning("Could not read Streamlit secrets; editing falls back to the environment.")
        return None


def editors() -> dict[str, str]:
    """Configured editors (name → password hash) from Streamlit secrets and the environment."""
    return load_editors(os.environ, _secrets_mapping())


def _database_url() -> str | None:
    url = database_url_from_env()
    if url:
        return url
    found = (_secrets_mapping() or {}).get("database_url")
    return str(found) if found else None


@st.cache_resource(show_spinner=False, max_entries=4)
def _status_log(database_url: str | None, sqlite_path: str | None) -> StatusLog:
    return open_status_log(database_url, Path(sqlite_path) if sqlite_path else None)


def get_status_log(quiet: bool = False) -> StatusLog | None:
    """The shared status log, or None (with a notice unless ``quiet``) when its storage cannot be opened.

    PostgreSQL when ``REGIOMONITOR_DATABASE_URL`` (or ``database_url`` in the secrets) is set; otherwise SQLite
    at ``REGIOMONITOR_STATUSLOG`` if set (tests use this), else ``var/statuslog.sqlite``. (The cached object is only
    a connection description; what must survive a cache clear lives in the database itself.)
    """
    try:
        return _status_log(_database_url(), os.environ.get("REGIOMONITOR_STATUSLOG") or None)
    except StatusLogError as exc:
        if not quiet:
            st.warning(f"**De statuslog is niet beschikbaar.** {exc.user_message}", icon=":material/database:")
        return None


def current_statuses(log: StatusLog | None) -> dict[int, StatusEntry]:
    """Newest entry per opgave (empty when the log is unavailable or unreadable)."""
    if log is None:
        return {}
    try:
        current = log.current()
        bad = log.unreadable_rows()
    except StatusLogError as exc:
        st.warning(f"**De statuslog kon niet worden gelezen.** {exc.user_message}", icon=":material/database:")
        return {}
    if bad:
        listed = "; ".join(f"regel {ident}: {reason}" for ident, reason in bad[:5]).replace("`", "'")
        more = f" (en nog {len(bad) - 5})" if len(bad) > 5 else ""
        st.warning(
            f"**{len(bad)} {'regel' if len(bad) == 1 else 'regels'} in de statuslog "
            f"{'is' if len(bad) == 1 else 'zijn'} onleesbaar en overgeslagen** — voor de beheerder: "
            f"`{listed}`{more}. De overige statussen staan hieronder.",
            icon=":material/database:",
        )
    return current


def current_editor() -> str | None:
    """The logged-in editor of this session, verified; None when not logged in, expired, signed with a key that
    has since been replaced, or when the proof does not hold."""
    token = st.session_state.get(SESSION_KEY)
    if not isinstance(token, EditorSession):
        return None
    age = time.time() - token.issued
    if not 0 <= age <= login_hours() * 3600:
        return None
    log = get_status_log(quiet=True)
    try:
        key = _server_key(log) if log is not None else None
    except StatusLogError:
        key = None
    if key is None or not hmac.compare_digest(token.signature, _sign(key, token.editor, token.issued)):
        return None
    names = {name.strip().casefold() for name in editors()}
    return token.editor if token.editor.strip().casefold() in names else None


def status_badge(entry: StatusEntry | None) -> None:
    """The current status as a coloured badge (grey 'geen status vastgelegd' when there is none)."""
    if entry is None:
        st.badge(NO_STATUS, color="gray", icon=":material/radio_button_unchecked:")
    else:
        st.badge(entry.status, color=STATUS_COLOURS.get(entry.status, "gray"), icon=":material/flag:")


def history_frame(entries: list[StatusEntry]) -> pd.DataFrame:
    """The history as a plain table (st.dataframe shows cells as text, never as HTML or markdown)."""
    return pd.DataFrame(
        {
            "Datum": [e.datum.isoformat() for e in entries],
            "Status": [e.status for e in entries],
            "Toelichting": [e.notitie for e in entries],
            "Door": [e.editor for e in entries],
            "Vastgelegd (UTC)": [e.vastgelegd.strftime("%Y-%m-%d %H:%M") for e in entries],
        }
    )


def login_box(key: str) -> str | None:
    """Log in / log out control for editors. Returns the verified editor name or None."""
    editor = current_editor()
    if editor:
        cols = st.columns([3, 1])
        cols[0].caption(f"Ingelogd als redacteur **{editor}**.")
        if cols[1].button("Uitloggen", key=f"{key}_logout"):
            st.session_state.pop(SESSION_KEY, None)
            log = get_status_log(quiet=True)
            if log is not None:
                AuthStore(log).audit("logout", editor, client_address() or "onbekend")
            st.rerun()
        return editor
    configured = editors()
    with st.expander("Status bijwerken (redacteuren)", icon=":material/lock:"):
        if not configured:
            st.caption(
                "Bewerken is op deze installatie niet ingericht: er zijn geen redacteuren geconfigureerd "
                "(zie README, 'Statuslog')."
            )
            return None
        with st.form(f"{key}_login", clear_on_submit=True):
            name = st.text_input("Naam", key=f"{key}_naam", max_chars=80)
            password = st.text_input("Wachtwoord", type="password", key=f"{key}_wachtwoord", max_chars=200)
            submitted = st.form_submit_button("Inloggen")
        if submitted:
            log = get_status_log()
            if log is None:
                st.error("Inloggen kan nu niet: de statuslog is niet beschikbaar.", icon=":material/block:")
                return None
            client = client_address()
            try:
                names, clients = _throttles(log)
                result = authenticate(
                    name, password, configured, names, time.time(), client=client or "onbekend", client_throttle=clients
                )
                key_bytes = _server_key(log) if result.ok else b""
            except StatusLogError as exc:
                st.error(f"Inloggen kan nu niet: {exc.user_message}", icon=":material/block:")
                return None
            known = {normalise_name(n): n for n in configured}.get(normalise_name(name), "(onbekende naam)")
            if result.ok and result.editor:
                AuthStore(log).audit("login", result.editor, client or "onbekend")
                issued = time.time()
                st.session_state[SESSION_KEY] = EditorSession(
                    result.editor, issued, _sign(key_bytes, result.editor, issued)
                )
                st.rerun()
            AuthStore(log).audit(
                "login_geweigerd" if result.wait_seconds else "login_mislukt", known, client or "onbekend"
            )
            st.error(result.message, icon=":material/block:")
    return None


def entry_form(log: StatusLog, opgave: int, editor: str, key: str) -> None:
    """The form that appends one status entry for ``opgave`` (only shown to a verified editor)."""
    with st.form(f"{key}_entry", clear_on_submit=True):
        st.markdown("**Nieuwe status vastleggen**")
        cols = st.columns(2)
        datum = cols[0].date_input("Datum", value=date.today(), key=f"{key}_datum", format="DD-MM-YYYY")
        status = cols[1].selectbox("Status", STATUSES, key=f"{key}_status")
        note = st.text_area("Toelichting (platte tekst)", key=f"{key}_notitie", max_chars=MAX_NOTE)
        submitted = st.form_submit_button("Vastleggen", type="primary")
    if not submitted:
        return
    # Re-verify at the moment of writing: the form may have been open while the session was ended.
    if current_editor() != editor:
        st.error("Je bent niet (meer) ingelogd als redacteur; er is niets vastgelegd.", icon=":material/block:")
        return
    try:
        entry = log.append(opgave, datum, status, note or "", editor)
    except StatusLogError as exc:
        st.error(f"Niet vastgelegd: {exc.user_message}", icon=":material/error:")
        return
    AuthStore(log).audit(
        "status", editor, client_address() or "onbekend", f"opgave {entry.opgave}: {entry.status} per {entry.datum}"
    )
    st.toast("Status vastgelegd.", icon=":material/check:")
    st.rerun()
