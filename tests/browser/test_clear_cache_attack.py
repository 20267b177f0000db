"""Issue 13: Streamlit's ``clear_cache`` message, which any websocket client may send, must not reset the login
throttle nor log editors out.

A dedicated live server (the browser tests' ``start_server``) with two editors configured by hash
(``regiomonitor.auth.hash_password`` with few iterations, so the test spends its time on the protocol, not on
PBKDF2) and the status log in a temporary folder. The clients speak Streamlit's websocket protocol with the
``bench/load_ws.py`` session class: the login form on the Opgave page is filled and submitted the way the browser
does it (the two text inputs' values plus the submit button's trigger in one ``rerun_script``), and
``BackMsg.clear_cache`` is sent exactly as Streamlit's "Clear cache" menu item sends it.

1. Throttle: wrong passwords until a refusal says "Te veel mislukte pogingen. Probeer het over N seconden"
   with N ≥ 8 (the waits double: 2, 4, 8 s; the test waits each one out, bounded), then ``clear_cache`` and at
   once an attempt with the *right* password: it must still be refused. When it comes within the N seconds and is
   accepted, the throttle was reset by the message.
2. Login: editor B logs in; another client sends ``clear_cache``; B's next page run still shows B logged in.

Bounded: 60 s per page run, the whole test under pytest-timeout 180 s; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from components.wsclient import StepError, WsSession
from regiomonitor.auth import hash_password
from tests.browser.conftest import ARTIFACTS, start_server, stop_server

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

ITERATIONS = 1_000  # few PBKDF2 iterations: a test hash, never a production one
THROTTLED_NAME, THROTTLED_PASSWORD = "Redacteur Een", "juist-wachtwoord-een-1"
LOGIN_NAME, LOGIN_PASSWORD = "Redacteur Twee", "juist-wachtwoord-twee-2"
PAGE, QUERY = "opgave", "opgave=1"
STEP_TIMEOUT = 60.0
TOO_MANY = "Te veel mislukte pogingen"
WAIT = re.compile(r"Probeer het over (\d+) second")
MIN_WINDOW_S = 8  # build the throttle up to a wait this long before the attack, so the check is not a race


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    editors = ";".join(
        f"{name}={hash_password(pw, iterations=ITERATIONS)}"
        for name, pw in ((THROTTLED_NAME, THROTTLED_PASSWORD), (LOGIN_NAME, LOGIN_PASSWORD))
    )
    folder = tmp_path_factory.mktemp("clear-cache")
    ARTIFACTS.mkdir(exist_ok=True)
    url, proc = start_server(
        {"REGIOMONITOR_EDITORS": editors, "REGIOMONITOR_STATUSLOG": str(Path(folder) / "statuslog.sqlite")}
    )
    try:
        yield url
    finally:
        stop_server(proc)


class Client(WsSession):
    """A websocket session that also keeps the texts of the last run and finds the login form's widgets."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url, STEP_TIMEOUT)
        self.texts: list[str] = []
        self.form: dict[str, str] = {}  # "naam" / "wachtwoord" / "inloggen" / "uitloggen" -> element id

    def _observe(self, msg: Any) -> None:
        super()._observe(msg)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.texts.clear()
            self.form.clear()
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            el = msg.delta.new_element
            etype = el.WhichOneof("type")
            if etype == "markdown":
                self.texts.append(el.markdown.body)
            elif etype == "alert":
                self.texts.append(el.alert.body)
            elif etype == "exception":
                self.texts.append(f"{el.exception.type}: {el.exception.message}")
            elif etype == "text_input" and el.text_input.label in ("Naam", "Wachtwoord"):
                self.form[el.text_input.label.lower()] = el.text_input.id
            elif etype == "button" and el.button.label in ("Inloggen", "Uitloggen"):
                self.form[el.button.label.lower()] = el.button.id

    def text(self) -> str:
        return "\n".join(self.texts)

    async def open(self) -> None:
        await self.connect()
        await self.rerun(page_name=PAGE, query_string=QUERY)

    async def login(self, name: str, password: str) -> str:
        """Fill in and submit the login form as the browser does; returns the texts of the resulting page."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        missing = {"naam", "wachtwoord", "inloggen"} - set(self.form)
        if missing:
            raise AssertionError(
                f"login form incomplete on {PAGE}?{QUERY} (missing {sorted(missing)}); page says: {self.text()[:400]}"
            )
        states = [
            WidgetState(id=self.form["naam"], string_value=name),
            WidgetState(id=self.form["wachtwoord"], string_value=password),
            WidgetState(id=self.form["inloggen"], trigger_value=True),
        ]
        self.widget_states = {s.id: s for s in states}
        try:
            await self.rerun()
        finally:
            self.widget_states = {}  # a trigger fires once; the form clears itself on submit
        return self.text()

    async def clear_cache(self) -> None:
        """Send ``BackMsg.clear_cache`` (what Streamlit's "Clear cache" menu item sends)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        back = BackMsg()
        back.clear_cache = True
        await self.ws.send(back.SerializeToString())


def _login_lines(said: str) -> str:
    """The lines of a page about the login (the message and the logged-in caption), for assertion messages."""
    keep = [
        line
        for line in said.splitlines()
        if re.search(
            r"Ingelogd|Naam of wachtwoord|Te veel|niet ingericht|"
            r"Error|Exception",
            line,
        )
    ]
    return " | ".join(keep)[:400] or "(no login message on the page)"


def _run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 170))


def test_throttle_survives_clear_cache(server: str) -> None:
    async def scenario() -> None:
        a = Client(server)
        try:
            await a.open()
            for i in range(3):
                said = await a.login(THROTTLED_NAME, f"fout-wachtwoord-{i}")
                assert "Naam of wachtwoord onjuist" in said, f"wrong password {i + 1}: {_login_lines(said)}"
            said = await a.login(THROTTLED_NAME, "fout-wachtwoord-3")
            assert TOO_MANY in said, f"the 4th attempt after 3 failures was not refused: {_login_lines(said)}"
            wait = int(WAIT.search(said).group(1)) if WAIT.search(said) else 0
            refused_at = time.monotonic()
            waited = 0.0
            while wait < MIN_WINDOW_S:  # wait out each announced wait and fail again: 2, 4, 8 s
                assert waited < 30, f"throttle wait did not grow past {wait} s"
                await asyncio.sleep(wait + 0.3)  # bounded: at most 2 + 4 s here
                waited += wait + 0.3
                said = await a.login(THROTTLED_NAME, f"fout-wachtwoord-na-{wait}")
                assert "Naam of wachtwoord onjuist" in said or TOO_MANY in said, _login_lines(said)
                said = await a.login(THROTTLED_NAME, "fout-wachtwoord-weer")
                assert TOO_MANY in said, f"no refusal after waiting out {wait} s: {_login_lines(said)}"
                wait = int(WAIT.search(said).group(1))
                refused_at = time.monotonic()

            await a.clear_cache()  # handled before the next rerun on the same connection
            said = await a.login(THROTTLED_NAME, THROTTLED_PASSWORD)
            elapsed = time.monotonic() - refused_at
            assert elapsed < wait, (
                f"inconclusive: the attempt after clear_cache came {elapsed:.1f} s after a "
                f"refusal that announced {wait} s"
            )
            assert TOO_MANY in said, (
                f"throttle reset by clear_cache: {elapsed:.1f} s into an announced {wait} s wait, the attempt with "
                f"the right password was {'ACCEPTED (logged in)' if 'Ingelogd als' in said else 'checked'}; "
                f"login messages on the page: {_login_lines(said)}"
            )
        finally:
            await a.close()

    _run(scenario())


def test_login_survives_another_clients_clear_cache(server: str) -> None:
    async def scenario() -> None:
        editor, attacker = Client(server), Client(server)
        try:
            await editor.open()
            said = await editor.login(LOGIN_NAME, LOGIN_PASSWORD)
            assert f"Ingelogd als redacteur **{LOGIN_NAME}**" in said, f"login failed: {_login_lines(said)}"
            await editor.rerun()  # an ordinary page run: still logged in
            assert f"Ingelogd als redacteur **{LOGIN_NAME}**" in editor.text()

            await attacker.connect()
            await attacker.rerun(page_name="bronnen", query_string="")
            await attacker.clear_cache()
            await attacker.rerun()  # the clear has been handled once this run finished

            try:
                await editor.rerun()
            except StepError as exc:
                raise AssertionError(f"the editor's page run failed after clear_cache: {exc}") from exc
            said = editor.text()
            assert f"Ingelogd als redacteur **{LOGIN_NAME}**" in said and "uitloggen" in editor.form, (
                "editor logged out by another client's clear_cache; page now shows: "
                f"{'the login form' if 'inloggen' in editor.form else _login_lines(said)}"
            )
        finally:
            await editor.close()
            await attacker.close()

    _run(scenario())
