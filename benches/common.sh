# Shared by the bench scripts (sourced, not run): strict mode, the repo root
# as working directory, tool installation, and the release build.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
#   need hyperfine; need jq
#   build_release [--example NAME ...]   # sets CAVRA and RELEASE_DIR
#   bench_dirs NAME                      # sets WORK, STAMP and OUT
set -euo pipefail
export LC_ALL=C # "." decimals for printf/awk; byte-width columns

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$REPO_ROOT"

log() { printf '==> %s\n' "$*" >&2; }

SUDO=""
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

need() { # need COMMAND [APT_PACKAGE]: installs the package when COMMAND is missing
  local cmd=$1 pkg=${2:-$1}
  command -v "$cmd" >/dev/null 2>&1 && return 0
  log "installing $pkg"
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg"; then
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "$pkg"
  fi
  command -v "$cmd" >/dev/null 2>&1 || { log "error: $cmd still not on PATH"; exit 1; }
}

build_release() { # build_release [cargo build args]: the release cavra (and whatever else is asked)
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
  log "cargo build --release (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  cargo build --release --bin cavra "$@"
  case $CARGO_TARGET_DIR in
    /*) RELEASE_DIR="$CARGO_TARGET_DIR/release" ;;
    *) RELEASE_DIR="$REPO_ROOT/$CARGO_TARGET_DIR/release" ;;
  esac
  CAVRA="$RELEASE_DIR/cavra"
  [[ -x $CAVRA ]] || { log "error: no binary at $CAVRA"; exit 1; }
}

segment_ledger() { # segment_ledger LEDGER PLAIN: keeps a plain copy of the generated one-file
  # LEDGER at PLAIN (what jq reads), then moves LEDGER into segments as cavra keeps it
  # (`cavra ledger migrate`, 2,000 entries a segment). Needs CAVRA and WORK.
  cp "$1" "$2"
  mkdir -p "$WORK/migrate" && git -C "$WORK/migrate" init -q
  CAVRA_EVIDENCE_METADATA_STORE="$1" "$CAVRA" -C "$WORK/migrate" ledger migrate >/dev/null
}

bench_dirs() { # bench_dirs NAME: WORK, a scratch directory removed on exit; STAMP, the
  # UTC start time; OUT, benches/results/NAME-STAMP, created for the results.
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/cavra-$1-bench.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
  STAMP=$(date -u +%Y%m%dT%H%M%SZ)
  OUT="$BENCH_DIR/results/$1-$STAMP"
  mkdir -p "$OUT"
}

mean_ms() { # mean_ms HYPERFINE_JSON: the first result's mean, in ms
  jq -r '.results[0].mean * 1000' "$1"
}
