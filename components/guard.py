"""Two guards for a public server: no visitor sees a traceback, and no visitor can empty the shared caches.

1. ``run_page`` runs the selected page; an unexpected error is logged server-side with a short reference and
   the visitor gets one Dutch sentence instead (``client.showErrorDetails = "none"`` in .streamlit/config.toml
   covers what runs outside the page, such as widget callbacks). Tests set ``REGIOMONITOR_RAISE_ERRORS=1`` so
   AppTest still sees every exception.
2. ``refuse_client_cache_clear`` turns Streamlit's ``clear_cache`` message into a logged no-op. Any websocket
   client may send it, and Streamlit then empties ``st.cache_data`` and ``st.cache_resource`` for *every*
   session: the shared data store is loaded again (CPU and memory for all) each time someone asks. What must
   never be reset (login throttle, signing key) lives in the database anyway; this stops the amplification.
   It replaces one private method of Streamlit's ``AppSession`` (guarded: if Streamlit changes shape the patch
   is skipped with a warning, and ``tests/unit/test_guard.py`` fails so we notice).
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable

import streamlit as st

LOG = logging.getLogger(__name__)

ENV_RAISE = "REGIOMONITOR_RAISE_ERRORS"
MESSAGE = (
    "Er ging iets mis bij het tonen van deze pagina (meldcode {ref}). De fout is voor de beheerder "
    "vastgelegd. Kies een andere instelling of ga naar het Overzicht."
)


def run_page(run: Callable[[], None]) -> None:
    """Run a page; an unexpected error becomes a Dutch message with a reference, the detail goes to the log."""
    try:
        run()
    except Exception as exc:
        if os.environ.get(ENV_RAISE, "").strip() in {"1", "true", "yes"}:
            raise
        ref = secrets.token_hex(3)
        LOG.exception("Page error (meldcode %s): %s", ref, exc.__class__.__name__)
        st.error(MESSAGE.format(ref=ref), icon=":material/error:")


def _ignore_clear_cache(self: object) -> None:
    LOG.warning("A client asked to clear the server's caches; ignored (caches are shared by all sessions).")


def refuse_client_cache_clear() -> bool:
    """Make a client's ``clear_cache`` message a logged no-op. Returns True when the guard is in place."""
    try:
        from streamlit.runtime.app_session import AppSession
    except ImportError:  # pragma: no cover - Streamlit reorganised its modules
        LOG.warning("Streamlit's AppSession not found; client cache clearing is not refused.")
        return False
    if not callable(getattr(AppSession, "_handle_clear_cache_request", None)):
        LOG.warning("Streamlit's AppSession has no _handle_clear_cache_request; client cache clearing is not refused.")
        return False
    AppSession._handle_clear_cache_request = _ignore_clear_cache  # type: ignore[method-assign]
    return True
