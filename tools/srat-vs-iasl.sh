#!/bin/sh
# Whole-process time of `bootemu srat decode` (NativeAOT build) next to `iasl -d` on the same small SRAT.
# Usage: tools/srat-vs-iasl.sh [SRAT.bin] [RUNS]
# Publishes the CLI to /tmp/bootemu-aot first unless BOOTEMU points at an existing binary.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
table=${1:-$here/tests/conformance/srat4_hp23_movable_node/srat.bin}
runs=${2:-200}
bootemu=${BOOTEMU:-/tmp/bootemu-aot/bootemu}
if [ ! -x "$bootemu" ]; then
    dotnet publish "$here/src/Bootemu.Cli" -c Release -r linux-x64 -o /tmp/bootemu-aot --artifacts-path /tmp/art-acpi-aot >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$table" "$work/srat.bin"
cd "$work"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 10 --runs "$runs" \
        "$bootemu srat decode srat.bin --format dsl" \
        "$bootemu srat decode srat.bin" \
        "iasl -d srat.bin"
else
    # Without hyperfine: the mean of RUNS runs of each, from the shell's clock.
    for cmd in "$bootemu srat decode srat.bin --format dsl" "$bootemu srat decode srat.bin" "iasl -d srat.bin"; do
        start=$(date +%s%N)
        i=0
        while [ $i -lt "$runs" ]; do $cmd >/dev/null 2>&1; i=$((i + 1)); done
        end=$(date +%s%N)
        echo "$cmd: $(( (end - start) / runs / 1000 )) us per run (mean of $runs)"
    done
fi
