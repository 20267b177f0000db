#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when they are missing:
#   chromium    real headless browser for tests/browser (driven by Playwright via executablePath)
#   postgresql  a local server binary for the status-log tests against PostgreSQL
#   poppler-utils  pdftotext -bbox, for the tests that read word positions in every generated PDF
#   nginx-light the load balancer of `make serve` and its smoke test (started from a temporary folder, never as
#               the system service's configuration)
# Never downloads a browser of its own. Safe to run repeatedly.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || need+=(postgresql)
command -v pdftotext > /dev/null || need+=(poppler-utils)
[ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ ${#need[@]} -eq 0 ] && { echo "system-deps: chromium, postgresql, poppler-utils and nginx present"; exit 0; }

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo > /dev/null; then SUDO="sudo"; else
  echo "system-deps: need root or sudo to install ${need[*]}" >&2; exit 1; fi
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
