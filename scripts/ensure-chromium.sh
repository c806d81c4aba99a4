#!/usr/bin/env bash
# The browser test (system-tests' BrowserWalkTest) drives Debian's chromium through its chromedriver, given by path, so
# nothing is downloaded at test time. On a fresh machine (CI runs as root) this installs them, with the CJK fonts the
# Korean pages need, from the distribution's own packages. Does nothing when both are there.
set -euo pipefail

PACKAGES=(chromium chromium-driver fonts-noto-cjk)
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] && dpkg -s "${PACKAGES[@]}" >/dev/null 2>&1; then
    exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
else
    SUDO=
fi
echo "Installing chromium, chromium-driver and fonts-noto-cjk (apt-get) for the browser test"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
