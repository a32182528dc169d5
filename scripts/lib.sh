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
