#!/bin/bash
# Configure (tinyconfig + fragments) and build a kernel, its modules and its
# uapi headers out of tree.
# usage: build-kernel.sh TREE OBJDIR FRAGMENT...
set -euo pipefail
tree=$(realpath "${1:?tree}") obj=${2:?objdir}
shift 2
mkdir -p "$obj"
obj=$(realpath "$obj")
frags=()
for f in "$@"; do frags+=("$(realpath "$f")"); done
export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$obj")/ccache}
# Trees and object directories come in pairs (linux/, obj/) side by side, so
# relative to their parent every build names its sources alike: the base,
# bisect and series builds then share cache hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$obj")}
kmake() { make -C "$tree" O="$obj" CC="ccache gcc" -j"$(nproc)" "$@"; }

kmake tinyconfig
(cd "$obj" && "$tree/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}")
kmake olddefconfig
# A fragment line that Kconfig dropped (a missing dependency) silently changes
# what is tested: fail instead.
# A later fragment overrides an earlier one, "# CONFIG_X is not set" too.
want=$(awk '/^CONFIG_/ { split($0, kv, "="); v[kv[1]] = $0 }
	/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { v[$2] = "" }
	END { for (k in v) if (v[k] != "") print v[k] }' "${frags[@]}")
dropped=$(grep -vxF -f "$obj/.config" <<<"$want" || true)
[ -z "$dropped" ] || { printf 'config: did not take effect:\n%s\n' "$dropped" >&2; exit 1; }
kmake bzImage modules
"$(dirname "$(realpath "$0")")/install-headers.sh" "$tree" "$obj"
