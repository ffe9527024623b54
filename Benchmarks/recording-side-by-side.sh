#!/usr/bin/env bash
# What recording costs the whole swarmtop, measured with a plain and a recording swarmtop
# running side by side: Benchmarks/recording-side-by-side.sh [PAIRS] [SPEED] [SECONDS]
#
# Both run the release binary on demo/churn-10k.yaml (--speed 60 is about 9,400 events/s) in
# 120x40 tmux panes; after 5 s of warm-up, each one's CPU time is read from /proc at the same
# two moments. Runs one after the other (plain, recorded, recorded, plain) were at the mercy of
# the machine's speed, which moves by a fifth within a minute here; side by side, both see the
# same moments, and the difference within a pair varies by a few ms instead of tens. Needs tmux
# and Linux; prints one line a pair and the mean.
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-8}; speed=${2:-60}; seconds=${3:-10}
# SWARMTOP_BIN: a release swarmtop built already (else it is built here).
bin=${SWARMTOP_BIN:-}
if [ -z "$bin" ]; then
    swift build -c release --product swarmtop >/dev/null
    bin=$(swift build -c release --show-bin-path)/swarmtop
fi
hz=$(getconf CLK_TCK)
work=$(mktemp -d)
trap 'tmux kill-session -t swarmtop-plain 2>/dev/null || true; tmux kill-session -t swarmtop-rec 2>/dev/null || true; rm -rf "$work"' EXIT
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
total_plain=0; total_diff=0
for i in $(seq "$pairs"); do
    rm -f "$work/rec.jsonl"
    tmux new-session -d -s swarmtop-plain -x 120 -y 40 "$bin" run --scenario churn-10k --speed "$speed" --log "$work/plain.log"
    tmux new-session -d -s swarmtop-rec -x 120 -y 40 "$bin" run --scenario churn-10k --speed "$speed" --log "$work/rec.log" --record "$work/rec.jsonl"
    sleep 5
    # Each pane runs swarmtop itself.
    plain=$(tmux list-panes -t swarmtop-plain -F '#{pane_pid}'); rec=$(tmux list-panes -t swarmtop-rec -F '#{pane_pid}')
    p0=$(cpu "$plain"); r0=$(cpu "$rec"); l0=$(wc -l < "$work/rec.jsonl")
    sleep "$seconds"
    p1=$(cpu "$plain"); r1=$(cpu "$rec"); l1=$(wc -l < "$work/rec.jsonl")
    tmux send-keys -t swarmtop-plain q; tmux send-keys -t swarmtop-rec q; sleep 1
    tmux kill-session -t swarmtop-plain 2>/dev/null || true; tmux kill-session -t swarmtop-rec 2>/dev/null || true
    p=$(( (p1 - p0) * 1000 / hz / seconds )); r=$(( (r1 - r0) * 1000 / hz / seconds ))
    echo "pair $i: plain $p ms/s, recorded $r ms/s, recording +$((r - p)) ms/s at $(( (l1 - l0) / seconds )) lines/s"
    total_plain=$((total_plain + p)); total_diff=$((total_diff + r - p))
done
awk -v p="$total_plain" -v d="$total_diff" -v n="$pairs" 'BEGIN { printf "mean: plain %.1f ms/s, recording +%.2f ms/s (%+.1f %%)\n", p / n, d / n, 100 * d / p }'
