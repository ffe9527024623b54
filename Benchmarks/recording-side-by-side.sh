#!/usr/bin/env bash
# What recording costs the whole swarmtop, measured with a plain and a recording swarmtop
# running side by side: Benchmarks/recording-side-by-side.sh [PAIRS] [SPEED] [SECONDS] [PAIRS AT ONCE]
#
# Both run the release binary on demo/churn-10k.yaml (--speed 60 is about 9,400 events/s) in
# 120x40 tmux panes; after 5 s of warm-up, each one's CPU time is read from /proc at the same
# two moments. Runs one after the other (plain, recorded, recorded, plain) were at the mercy of
# the machine's speed, which moves by a fifth within a minute here; side by side, both see the
# same moments. They also share the caches, so the recorder's memory traffic slows the plain
# one a little too: if anything, this understates recording's cost. Needs tmux and Linux
# (tmux 3.0 or later, which runs the command without a shell); prints a line a pair and the
# mean with its standard error. SWARMTOP_BIN: a release swarmtop built already (else it is
# built here). PAIRS AT ONCE (default 1) runs that many pairs side by side at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-8}; speed=${2:-60}; seconds=${3:-10}; at_once=${4:-1}
[ "$pairs" -ge 1 ] && [ "$seconds" -ge 1 ] && [ "$at_once" -ge 1 ] || { echo "usage: $0 [PAIRS ≥ 1] [SPEED] [SECONDS ≥ 1] [PAIRS AT ONCE ≥ 1]" >&2; exit 2; }
bin=${SWARMTOP_BIN:-}
if [ -z "$bin" ]; then
    swift build -c release --product swarmtop >/dev/null
    bin=$(swift build -c release --show-bin-path)/swarmtop
fi
work=$(mktemp -d)
sessions=()
stop() { for s in ${sessions[@]+"${sessions[@]}"}; do tmux kill-session -t "$s" 2>/dev/null || true; done; sessions=(); }
trap 'stop; rm -rf "$work"' EXIT
# CPU time in clock ticks, every thread's. (The threads' nanosecond counts in
# /proc/PID/task/*/schedstat were tried: here they disagreed with these by a tenth, and put
# recording's cost below zero.)
hz=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The swarmtop a session's pane runs.
process() {
    local pid
    pid=$(tmux list-panes -t "$1" -F '#{pane_pid}')
    [ "$(cat "/proc/$pid/comm")" = swarmtop ] || { echo "$1 does not run swarmtop (see $work/*.log)" >&2; exit 1; }
    echo "$pid"
}
# A pair's two processes differ from the next pair's by several ms/s for as long as they run
# (a pair's difference holds from one 10 s window to the next): more pairs, not longer ones,
# narrow the mean. Pairs at once (the fourth argument) take more of them in the same time.
i=0
while [ "$i" -lt "$pairs" ]; do
    batch=$(( pairs - i < at_once ? pairs - i : at_once ))
    for k in $(seq "$batch"); do
        # Named so that no name starts another (tmux takes a prefix for a name it does not find).
        plain_session=swarmtop-$$-$k-plain; rec_session=swarmtop-$$-$k-rec
        sessions+=("$plain_session" "$rec_session")
        rm -f "$work/rec-$k.jsonl"
        tmux new-session -d -s "$plain_session" -x 120 -y 40 "$bin" run --scenario churn-10k --speed "$speed" --log "$work/plain-$k.log"
        tmux new-session -d -s "$rec_session" -x 120 -y 40 "$bin" run --scenario churn-10k --speed "$speed" --log "$work/rec-$k.log" --record "$work/rec-$k.jsonl"
    done
    sleep 5
    declare -A plain rec p0 r0 l0
    for k in $(seq "$batch"); do
        plain[$k]=$(process "swarmtop-$$-$k-plain"); rec[$k]=$(process "swarmtop-$$-$k-rec")
        p0[$k]=$(cpu "${plain[$k]}"); r0[$k]=$(cpu "${rec[$k]}"); l0[$k]=$(wc -l < "$work/rec-$k.jsonl")
    done
    sleep "$seconds"
    for k in $(seq "$batch"); do
        p1=$(cpu "${plain[$k]}"); r1=$(cpu "${rec[$k]}"); l1=$(wc -l < "$work/rec-$k.jsonl")
        i=$((i + 1))
        awk -v i="$i" -v p=$((p1 - p0[$k])) -v r=$((r1 - r0[$k])) -v hz="$hz" -v s="$seconds" -v l=$((l1 - l0[$k])) 'BEGIN {
            printf "pair %d: plain %.1f ms/s, recorded %.1f ms/s, recording %+.1f ms/s at %d lines/s\n", i, p * 1000 / hz / s, r * 1000 / hz / s, (r - p) * 1000 / hz / s, l / s }'
        echo "$((p1 - p0[$k])) $((r1 - r0[$k]))" >> "$work/pairs"
    done
    for s in "${sessions[@]}"; do tmux send-keys -t "$s" q 2>/dev/null || true; done
    sleep 1
    stop
done
# The mean, and the standard error of the mean difference (pairs differ by several ms/s).
awk -v s="$seconds" -v hz="$hz" '{ p += $1 * 1000 / hz / s; r += $2 * 1000 / hz / s; d[NR] = ($2 - $1) * 1000 / hz / s }
    END { n = NR; m = 0; for (i = 1; i <= n; i++) m += d[i] / n
          v = 0; for (i = 1; i <= n; i++) v += (d[i] - m) ^ 2
          se = n > 1 ? sqrt(v / (n - 1) / n) : 0
          printf "mean: plain %.1f ms/s, recording %+.2f ms/s (%+.1f %%), standard error %.2f ms/s (%.1f %%)\n", p / n, m, 100 * (r - p) / p, se, 100 * se / (p / n) }' "$work/pairs"
