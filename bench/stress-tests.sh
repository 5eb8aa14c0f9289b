#!/usr/bin/env bash
# Runs `CI=true npm test` N times in a row in a clean clone of one commit, beside a busy
# loop that keeps a CPU core busy, both under `nice -n 19` so other work on the machine
# keeps its share. A flaky test shows up here: every failing iteration's full output is kept.
#
#   bench/stress-tests.sh [iterations=20] [commit=HEAD]
#
# Environment:
#   STRESS_DIR   where the clone and the logs go (default /tmp/crewkit-stress); it is
#                emptied first.
#
# Output, in $STRESS_DIR:
#   summary.log             one line per iteration: number, exit status, the test runner's
#                           counts (tests/pass/fail/skipped) and duration, then the names
#                           of the failing tests, if any
#   iteration-N.log         the whole output of a failing iteration (passing ones are deleted)
#
# The clone reuses this checkout's node_modules (a symlink) and ../shared (the fixtures);
# dist/ is built in the clone the way `npm run prepare` does. Stop it with
# `kill -- -<pid>` of the process group printed at the start (the busy loop is stopped on exit).
set -euo pipefail

iterations=${1:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$repo" rev-parse "${2:-HEAD}")
work=${STRESS_DIR:-/tmp/crewkit-stress}
clone="$work/crewkit"

rm -rf "$work"
mkdir -p "$work"
git clone --quiet --no-checkout "$repo" "$clone"
git -C "$clone" checkout --quiet --detach "$commit"
ln -s "$(readlink -f "$repo/node_modules")" "$clone/node_modules"
if [ -d "$repo/../shared" ]; then
	ln -s "$(readlink -f "$repo/../shared")" "$work/shared"
fi

summary="$work/summary.log"
{
	echo "commit $commit ($(git -C "$clone" log -1 --format=%s))"
	echo "started $(date -u +%FT%TZ) on $(nproc) cores; command: CI=true nice -n 19 npm test, beside nice -n 19 node -e 'for(;;){}'"
} >"$summary"

cd "$clone"
# node_modules/.bin first: its `node` is the Node 24 the tests are written for.
export PATH="$clone/node_modules/.bin:$PATH"
nice -n 19 tsc -p tsconfig.build.json

nice -n 19 node -e "for(;;){}" &
busy=$!
trap 'kill "$busy" 2>/dev/null || true' EXIT

failures=0
for ((iteration = 1; iteration <= iterations; iteration++)); do
	log="$work/iteration-$iteration.log"
	set +e
	CI=true nice -n 19 npm test >"$log" 2>&1
	status=$?
	set -e
	counts=$(grep -E '^ℹ (tests|pass|fail|skipped|duration_ms) ' "$log" | sed 's/^ℹ //' | tr '\n' ' ')
	if [ "$status" -eq 0 ] && ! grep -Eq '^ℹ skipped 0$' "$log"; then
		status=skipped
	fi
	echo "$(date -u +%FT%TZ) iteration $iteration exit $status: ${counts:-no summary (failed before the tests: see iteration-$iteration.log)}" >>"$summary"
	if [ "$status" = 0 ]; then
		rm -f "$log"
	else
		failures=$((failures + 1))
		# The spec reporter lists failing tests under "✖ failing tests:" at the end.
		sed -n '/failing tests:/,$p' "$log" | grep -E '^[[:space:]]*(✖|test at)' | head -20 | sed 's/^/    /' >>"$summary" || true
	fi
done
echo "finished $(date -u +%FT%TZ): $iterations iterations, $failures failed" >>"$summary"
