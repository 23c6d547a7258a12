#!/bin/bash
# Print the tests of LIST... that run in LANE, as 'name timeout' lines. A list
# line is 'name timeout [lanes]', lanes a comma-separated subset (default all).
# usage: lane-list.sh LANE LIST...
set -euo pipefail
. "$(dirname "$(realpath "$0")")/lib.sh"
lane=${1:?lane}
shift
for f in "$@"; do entries "$f"; done |
	awk -v lane="$lane" '$3 == "" || index("," $3 ",", "," lane ",") { print $1, $2 }'
