#!/bin/bash
# Write the tree's commits since the base as numbered patches into OUTDIR,
# in a form that does not change when the same commits are exported again.
# usage: format-series.sh TREE OUTDIR
set -euo pipefail
tree=${1:?tree} out=${2:?outdir}
mkdir -p "$out"
n=$(git -C "$tree" rev-list --count base..HEAD)
[ "$n" -gt 0 ] || exit 0
git -C "$tree" format-patch -q --zero-commit --no-signature --cover-letter \
	--subject-prefix=PATCH -o "$(realpath "$out")" base..HEAD
