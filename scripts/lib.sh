# Shared helpers for scripts/*. Source it; it changes nothing by itself.

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The Rust toolchain (rustup, 1.95+) with rustfmt and clippy.
ensure_rust() {
  command -v cargo >/dev/null 2>&1 || die "cargo is missing: install Rust with rustup (https://rustup.rs), then rerun"
  for comp in rustfmt clippy; do
    if ! cargo "${comp/rustfmt/fmt}" --version >/dev/null 2>&1; then
      say "installing the $comp component"
      rustup component add "$comp" || die "cargo $comp is missing and 'rustup component add $comp' failed"
    fi
  done
  # A CI run builds once from cold: incremental caches only cost disk there.
  if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi
}

# Installs Debian packages with apt-get.
ensure_apt_packages() {
  say "installing Debian packages: $*"
  command -v apt-get >/dev/null 2>&1 || die "this machine has no apt-get: install the Debian packages $* or their equivalent"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || die "apt-get update failed: cannot install $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null \
    || die "apt-get install $* failed: install them by hand, then rerun"
}

# Installs Debian packages when a command is missing.
# Usage: ensure_apt <command> <package>...
ensure_apt() {
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  ensure_apt_packages "$@"
  command -v "$cmd" >/dev/null 2>&1 || die "$* installed, but $cmd is still missing"
}

# The wasm toolchain: Debian's rustc-web ships the standard library source, so
# std is rebuilt for wasm32 with -Zbuild-std (rustup's toolchain has no wasm32
# std and cannot download one). binaryen gives wasm-opt; lld-22 the wasm linker.
ensure_wasm_toolchain() {
  if [ ! -x /usr/bin/rustc ] || [ ! -x /usr/bin/cargo ] || [ ! -x /usr/bin/rust-lld ] \
     || [ ! -d "$(/usr/bin/rustc --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library" ]; then
    ensure_apt_packages rustc-web cargo-web rust-web-src lld-22
  fi
  /usr/bin/rustc --version | grep -Eq '^rustc 1\.(9[6-9]|[1-9][0-9]{2})' \
    || die "/usr/bin/rustc is $(/usr/bin/rustc --version): 1.96 or newer is needed (Debian's rustc-web)"
  [ -d "$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library" ] \
    || die "the Rust standard library source is missing: apt-get install rust-web-src"
  ensure_apt wasm-opt binaryen
}

# One throw-away wasmd node serves every suite of a run that needs a chain;
# each suite deploys its own DAO on it. scripts/test starts it once
# (start_test_node) and exports STEWARD_TEST_NODE=1 with its home and ports;
# a suite run on its own calls use_test_node, which starts one in a temporary
# home and stops and removes it when the suite exits.
# Afterwards: STEWARD_LOCALNET_HOME, REST (http://…), NODE (tcp://… RPC).
TEST_NODE_RPC_PORT=36657 TEST_NODE_REST_PORT=11317 TEST_NODE_GRPC_PORT=19090 TEST_NODE_P2P_PORT=36656

start_test_node() {
  export STEWARD_LOCALNET_HOME=${STEWARD_E2E_HOME:-$(mktemp -d /tmp/steward-e2e.XXXXXX)}
  export STEWARD_LOCALNET_RPC_PORT=${STEWARD_LOCALNET_RPC_PORT:-$TEST_NODE_RPC_PORT}
  export STEWARD_LOCALNET_REST_PORT=${STEWARD_LOCALNET_REST_PORT:-$TEST_NODE_REST_PORT}
  export STEWARD_LOCALNET_GRPC_PORT=${STEWARD_LOCALNET_GRPC_PORT:-$TEST_NODE_GRPC_PORT}
  export STEWARD_LOCALNET_P2P_PORT=${STEWARD_LOCALNET_P2P_PORT:-$TEST_NODE_P2P_PORT}
  say "a throw-away wasmd node in $STEWARD_LOCALNET_HOME (RPC $STEWARD_LOCALNET_RPC_PORT, REST $STEWARD_LOCALNET_REST_PORT)"
  timeout 1200 scripts/localnet start
  export STEWARD_TEST_NODE=1
  REST=http://127.0.0.1:$STEWARD_LOCALNET_REST_PORT
  NODE=tcp://127.0.0.1:$STEWARD_LOCALNET_RPC_PORT
}

stop_test_node() {
  scripts/localnet stop >/dev/null 2>&1 || true
  [ -n "${STEWARD_E2E_KEEP:-}" ] || rm -rf "$STEWARD_LOCALNET_HOME"
}

use_test_node() {
  if [ -n "${STEWARD_TEST_NODE:-}" ]; then
    REST=http://127.0.0.1:$STEWARD_LOCALNET_REST_PORT
    NODE=tcp://127.0.0.1:$STEWARD_LOCALNET_RPC_PORT
    return 0
  fi
  start_test_node
  trap stop_test_node EXIT
  trap 'exit 130' INT TERM
}

# Node.js 20.19+ (Vite 7 needs it) with npm.
ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || ensure_apt_packages nodejs npm
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "node $(node --version) is too old for the web app: Node.js 20.19 or newer is needed"
}

# The web app's npm packages, exactly as ui/package-lock.json pins them
# (npm ci; skipped when node_modules was installed from the same lock).
ensure_ui_deps() {
  ensure_node
  local stamp=ui/node_modules/.steward-lock.sha256 want
  want=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  say "npm ci in ui/ (the web app's pinned packages)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in ui/ failed"
  echo "$want" >"$stamp"
}

# Debian's Chromium, which the browser tests drive with playwright-core.
ensure_chromium() {
  [ -x /usr/bin/chromium ] || ensure_apt_packages chromium
  [ -x /usr/bin/chromium ] || die "chromium installed, but /usr/bin/chromium is missing"
}

# The web app's network list: every deployment file of DIR (and of the extra
# dirs), with the local node's RPC endpoint beside its REST one.
# Usage: write_deployments DIR OUT.json [EXTRA_DIR...]
write_deployments() {
  local dir=$1 out=$2; shift 2
  python3 - "$dir" "$out" "${STEWARD_LOCALNET_RPC_PORT:-26657}" "$@" <<'PY'
import glob, json, os, sys
dirs, out, rpc_port = [sys.argv[1]] + sys.argv[4:], sys.argv[2], sys.argv[3]
found = []
for d in dirs:
    for path in sorted(glob.glob(os.path.join(d, "*.json"))):
        dep = json.load(open(path))
        if dep.get("network") == "local":
            dep.setdefault("rpc", f"http://127.0.0.1:{rpc_port}")
        found.append(dep)
json.dump(found, open(out, "w"), indent=1)
print(f"  {len(found)} deployment(s) for the web app: " + ", ".join(f"{d['network']} ({d['chain_id']})" for d in found))
PY
}
