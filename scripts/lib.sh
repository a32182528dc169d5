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
