#!/bin/bash
# Print the tests of LIST... that run in LANE, as 'name timeout' lines. A list
# line is 'name timeout [lanes]', lanes a comma-separated subset (default all).
# usage: lane-list.sh LANE LIST...
set -euo pipefail
lane=${1:?lane}
shift
awk -v lane="$lane" '
	/^[[:space:]]*(#|$)/ { next }
	$3 == "" || index("," $3 ",", "," lane ",") { print $1, $2 }' "$@"
