"""regiomonitor.deploy: the nginx configuration and the WORKERS setting (no processes started here)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from regiomonitor.deploy import default_workers, parse_workers, worker_command
from regiomonitor.nginx_conf import (
    CONTENT_SECURITY_POLICY,
    NGINX,
    ROUTE_COOKIE,
    Site,
    nginx_conf,
    streamlit_inline_script_hashes,
)


def test_workers_default_to_the_cores_and_reject_nonsense() -> None:
    assert parse_workers(None) == parse_workers("") == default_workers() >= 1
    assert parse_workers("2") == 2 and parse_workers(3) == 3
    for bad in ("0", "-1", "two", "2.5", "65", "1; rm -rf /"):
        with pytest.raises(ValueError, match="WORKERS"):
            parse_workers(bad)


def test_config_has_sticky_upstreams_websocket_headers_and_blocks_metrics(tmp_path: Path) -> None:
    conf = nginx_conf(Site("127.0.0.1:8599", (8601, 8602), tmp_path))
    assert "hash $route consistent;" in conf
    assert "server 127.0.0.1:8601" in conf and "server 127.0.0.1:8602" in conf
    assert f"map $cookie_{ROUTE_COOKIE} $route" in conf and "$request_id" in conf
    assert (
        "proxy_set_header Upgrade $http_upgrade;" in conf and "proxy_set_header Connection $connection_upgrade;" in conf
    )
    assert "location = /_stcore/metrics { return 404; }" in conf
    assert 'X-Frame-Options "SAMEORIGIN" always' in conf
    assert f'Content-Security-Policy "{CONTENT_SECURITY_POLICY}" always' in conf
    assert "listen 127.0.0.1:8599;" in conf and str(tmp_path) in conf
    assert "user " not in conf.split("worker_processes")[0]
    with pytest.raises(ValueError):
        nginx_conf(Site("127.0.0.1:8599", (), tmp_path))


def test_policy_allows_only_our_origin_and_streamlits_own_inline_script() -> None:
    assert "frame-ancestors 'self'" in CONTENT_SECURITY_POLICY
    script = next(d for d in CONTENT_SECURITY_POLICY.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script and "http" not in CONTENT_SECURITY_POLICY
    hashes = streamlit_inline_script_hashes()
    assert hashes and all(h.startswith("'sha256-") for h in hashes) and all(h in script for h in hashes)


def test_worker_is_warm_started_on_loopback() -> None:
    cmd = worker_command(8601)
    assert cmd[1:3] == ["-m", "components.warm"] and cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.port") + 1] == "8601"


@pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx not installed")
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (tmp_path / sub).mkdir(parents=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(Site("127.0.0.1:8599", (8601, 8602), tmp_path)))
    out = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True, timeout=30, check=False
    )
    assert out.returncode == 0, out.stderr
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_renderer_runs_at_a_lower_priority_on_its_socket(tmp_path: Path) -> None:
    from regiomonitor.deploy import RENDERER_NICE, renderer_command

    cmd = renderer_command(tmp_path / "render.sock")
    assert cmd[1:3] == ["-m", "regiomonitor.renderer"]
    assert cmd[cmd.index("--socket") + 1] == str(tmp_path / "render.sock")
    assert int(cmd[cmd.index("--nice") + 1]) == RENDERER_NICE > 0


class _Proc:
    def __init__(self, code: int | None) -> None:
        self.returncode = code

    def poll(self) -> int | None:
        return self.returncode


def test_a_stopped_renderer_is_restarted_and_a_failed_restart_is_said_once() -> None:
    from regiomonitor.deploy import Cluster

    said: list[str] = []
    fresh = _Proc(None)
    c = Cluster(url="http://x", renderer=_Proc(None), restart_renderer=lambda: fresh)  # type: ignore[arg-type]
    assert c.keep_renderer(said.append) and not said  # running: nothing to do
    c.renderer = _Proc(-9)  # type: ignore[assignment]
    assert c.keep_renderer(said.append) and c.renderer is fresh and "restarting" in said[0]

    def broken() -> _Proc:
        raise TimeoutError("the chart renderer did not listen within 60 s")

    c.renderer, c.restart_renderer = _Proc(1), broken  # type: ignore[assignment]
    assert not c.keep_renderer(said.append) and "keep drawing charts themselves" in said[-1]
    assert not c.keep_renderer(said.append) and len(said) == 3  # given up: no restart loop, no repeated message
