#!/bin/sh
# Makes the demo recordings with the real binary, driven in tmux as a person would drive it,
# then their golden final screens. Run from the repository: demo/recordings/record.sh
# (needs tmux; writes drain.jsonl, rolling-update.jsonl and their .screen.txt files).
set -eu
cd "$(dirname "$0")/../.."
swift build --product swarmtop
bin=.build/debug/swarmtop
out=demo/recordings
sock="swarmtop-demo-$$"
tm() { tmux -L "$sock" "$@"; }
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT

record() { # name, then swarmtop's options
    name=$1; shift
    rm -f "$out/$name.jsonl"
    tm new-session -d -x 120 -y 40 "$bin $* --record $out/$name.jsonl --log /tmp/swarmtop-demo.log"
    sleep 2
}
keys() { tm send-keys -t 0 "$@"; }
typed() { tm send-keys -t 0 -l "$1"; }
quit() { keys q; sleep 1; tm kill-server 2>/dev/null || true; }

# Draining a worker: its tasks move to the other nodes.
record drain --scenario demo/default.yaml --speed 4
sleep 3
keys :; typed "mark before-drain"; keys Enter
keys /; typed worker-3; keys Enter
sleep 1
keys d; sleep 1; keys y
sleep 6
keys :; typed "mark drained"; keys Enter
keys Escape; keys 3
sleep 3
quit

# A rolling update to a crashing image that pauses, and one that rolls back.
record rolling-update --scenario demo/rolling-update.yaml --speed 10
keys 2
sleep 4
keys :; typed "mark shop-update"; keys Enter
sleep 8
keys :; typed "mark search-update"; keys Enter
sleep 12
keys :; typed "mark rolled-back"; keys Enter
sleep 1
quit

for name in drain rolling-update; do
    $bin replay "$out/$name.jsonl" --headless --verify --screen > "$out/$name.screen.txt"
done
ls -l "$out"
