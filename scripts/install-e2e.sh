#!/usr/bin/env bash
# Installs what the end-to-end tests need, from the npm registry and Debian's packages only:
# Chromium (driven by playwright-core), Neovim 0.7 (an independent LSP client), strace (the
# system-call trace test), and code-server 4.100.3 (= VS Code 1.100.3, the last release that runs
# on Node 20) into .e2e/code-server/.
#
# Idempotent and non-interactive; run as root (CI does) or with sudo available. code-server's own
# postinstall downloads ripgrep and prebuilt native modules from GitHub, which this network
# cannot reach, so the install runs with --ignore-scripts and then redoes postinstall.sh's steps
# by hand: build the native modules locally and point @vscode/ripgrep at Debian's rg.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CS_DIR="${E2E_CODE_SERVER_DIR:-$ROOT/.e2e/code-server}"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
# Written last, so that an interrupted install is redone rather than taken as complete.
CS_DONE="$CS_DIR/.install-complete"
APT_PACKAGES=(chromium neovim ripgrep strace libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config build-essential)
START=$SECONDS

step() { printf '\n== install-e2e: %s (%ss)\n' "$1" "$((SECONDS - START))"; }
fail() {
  printf '\ninstall-e2e: FAILED: %s\n' "$1" >&2
  exit 1
}
trap 'fail "command failed at line $LINENO: $BASH_COMMAND"' ERR

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

missing_apt_packages() {
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep 'install ok installed' >/dev/null || echo "$pkg"
  done
}

code_server_works() {
  [ -x "$CS_BIN" ] && "$CS_BIN" --version 2>/dev/null | grep "^$CODE_SERVER_VERSION " >/dev/null
}

step "Debian packages"
mapfile -t missing < <(missing_apt_packages)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq || fail "apt-get update"
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || fail "apt-get install ${missing[*]}"
else
  echo "all present"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing after apt-get install chromium"
command -v nvim >/dev/null || fail "nvim missing after apt-get install neovim"
command -v rg >/dev/null || fail "rg missing after apt-get install ripgrep"

if [ "$(cat "$CS_DONE" 2>/dev/null)" = "$CODE_SERVER_VERSION" ] && code_server_works; then
  step "code-server $CODE_SERVER_VERSION already installed in $CS_DIR"
  "$CS_BIN" --version | sed -n 1p
  exit 0
fi

# Native modules are built against the Node headers Debian ships, never downloaded ones.
if [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
export npm_config_unsafe_perm=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step "code-server $CODE_SERVER_VERSION (npm, scripts off)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
cd "$CS_DIR"
printf '{"name":"e2e-code-server","private":true}\n' >package.json
npm install --no-save --ignore-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION" || fail "npm install code-server"
npm rebuild --loglevel=error argon2 || fail "npm rebuild argon2"

VSCODE_DIR="$CS_DIR/node_modules/code-server/lib/vscode"
step "VS Code server dependencies"
cd "$VSCODE_DIR"
npm install --omit=dev --ignore-scripts --loglevel=error || fail "npm install in lib/vscode"

step "native modules (built locally)"
# node-pty's own postinstall ends with a dev-only `node-gyp configure -f compile_commands_json`
# that fails without exiting 0; pty.node is built before it, so check that each module loads.
NATIVE_MODULES=(kerberos @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog node-pty)
npm rebuild --loglevel=error "${NATIVE_MODULES[@]}" || echo "(npm rebuild reported an error; checking the modules load)"
node -e 'for (const m of process.argv.slice(1)) require(m)' "${NATIVE_MODULES[@]}" || fail "a native module does not load"

step "postinstall steps without downloads"
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --loglevel=error) || fail "npm install in lib/vscode/extensions"

step "check"
code_server_works || fail "$CS_BIN --version does not report $CODE_SERVER_VERSION"
"$CS_BIN" --version | sed -n 1p
echo "$CODE_SERVER_VERSION" >"$CS_DONE"
step "done"
