#!/usr/bin/env bash
# Rebuilds the fuzzers' seeds, tests/fuzz-seeds/TARGET/*, from the repository's own tables, fixtures, logs, scenarios
# and scripts. The crashes/ and hangs/ folders beside them (inputs the fuzzers found) are left alone.
# Usage: tools/Bootemu.Fuzz/make-seeds.sh   (needs python3 with PyYAML; builds the CLI)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/Bootemu.Cli -c Release -v q -nologo >/dev/null
bootemu=src/Bootemu.Cli/bin/Release/net10.0/bootemu
seeds=tests/fuzz-seeds
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in srat slit acpidump srat-yaml slit-yaml fixture e820 cmdline memblock hotplug boot; do
  mkdir -p "$seeds/$t"
  find "$seeds/$t" -maxdepth 1 -type f -delete
done

# The SRAT and SLIT of every fixture (the fixtures hold them as YAML) and of the acpidump samples, as binary tables.
for f in firmware-tables/*.yaml; do
  name=$(basename "$f" .yaml)
  [ "$name" = generated-large ] && continue   # 1,500 entries: far past the fuzzers' input size
  python3 - "$f" "$work/$name" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
for key in ("srat", "slit"):
    if isinstance(doc.get(key), dict) and "file" not in doc[key]:
        with open(f"{sys.argv[2]}.{key}.yaml", "w") as out:
            yaml.safe_dump(doc[key], out, sort_keys=False)
PY
done
for f in tests/Bootemu.Acpi.Tests/Text/Samples/*.acpidump; do cp "$f" "$seeds/acpidump/$(basename "$f")"; done
for y in "$work"/*.srat.yaml; do "$bootemu" srat encode "$y" -o "$seeds/srat/fixture-$(basename "$y" .srat.yaml).bin" >/dev/null; done
for y in "$work"/*.slit.yaml; do "$bootemu" slit encode "$y" -o "$seeds/slit/fixture-$(basename "$y" .slit.yaml).bin" >/dev/null; done
"$bootemu" slit encode tests/Bootemu.Acpi.Tests/Text/Samples/qemu-4node.acpidump -o "$seeds/slit/qemu-4node.bin" >/dev/null
"$bootemu" srat encode tests/Bootemu.Acpi.Tests/Text/Samples/qemu-4node.acpidump -o "$seeds/srat/qemu-4node.bin" >/dev/null
# The conformance boots' SRATs, each table once.
for d in tests/conformance/*/; do
  [ -f "$d/srat.bin" ] || continue
  sum=$(sha1sum "$d/srat.bin" | cut -c1-8)
  ls "$seeds/srat/" | grep -q "$sum" || cp "$d/srat.bin" "$seeds/srat/conformance-$(basename "$d")-$sum.bin"
done

# YAML and acpidump forms of the same tables, as bootemu writes them.
for b in "$seeds"/srat/*.bin; do "$bootemu" srat decode "$b" > "$seeds/srat-yaml/$(basename "$b" .bin).yaml"; done
for b in "$seeds"/slit/*.bin; do "$bootemu" slit decode "$b" > "$seeds/slit-yaml/$(basename "$b" .bin).yaml"; done
python3 - "$seeds" <<'PY'
import sys, glob, os
seeds = sys.argv[1]
def dump(sig, data, address):
    lines = [f"{sig} @ 0x{address:016X}"]
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        hexes = " ".join(f"{b:02X}" for b in chunk)
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        lines.append(f"    {off:04X}: {hexes:<48}  {text}")
    return "\n".join(lines) + "\n\n"
slits = sorted(glob.glob(f"{seeds}/slit/fixture-*.bin"))
for i, path in enumerate(sorted(glob.glob(f"{seeds}/srat/fixture-*.bin"))):
    name = os.path.basename(path)[:-4]
    text = dump("SRAT", open(path, "rb").read(), 0x7FFE0000)
    slit = f"{seeds}/slit/{name}.bin"
    if os.path.exists(slit):
        text += dump("SLIT", open(slit, "rb").read(), 0x7FFE1000)
    open(f"{seeds}/acpidump/{name}.acpidump", "w").write(text)
PY

# Machine fixtures, as they are.
for f in firmware-tables/*.yaml; do
  [ "$(basename "$f")" = generated-large.yaml ] || cp "$f" "$seeds/fixture/"
done

# Boot logs: the lines of each conformance console log that the e820 reader looks at, first boot only.
for d in tests/conformance/*/; do
  [ -f "$d/console.log" ] || continue
  awk '/Linux version/ { if (seen++) exit } /BIOS-e820|RAMDISK|ACPI: |Command line|Linux version/' "$d/console.log" \
    > "$seeds/e820/$(basename "$d").log"
done

# Command lines: the conformance boots' and the README's.
for d in tests/conformance/*/; do
  [ -f "$d/cmdline" ] && cp "$d/cmdline" "$seeds/cmdline/$(basename "$d").txt"
done
printf '%s' 'mem=4G memmap=1G$0x100000000 memmap=2G#0x200000000 memmap=exactmap memmap=640K@0 memmap=1G@1M' > "$seeds/cmdline/memmap.txt"
printf '%s' 'movable_node kernelcore=mirror movablecore=25% numa=fake=4 memblock=debug nr_cpus=8 -- init=/bin/sh' > "$seeds/cmdline/mixed.txt"
printf '%s' 'kernelcore=2G movablecore=1G mem=nopentium memhp_default_state=online_movable "quoted value=1 2" numa=off' > "$seeds/cmdline/quoted.txt"

# memblock scenarios, as they are.
cp tests/memblock-scenarios/*.yaml "$seeds/memblock/"

# Hotplug scripts: every verb, on the default machine (two-socket-hotplug).
printf 'steps:\n  - alloc: {kind: unmovable, size: 512M, node: 1}\n  - offline: {block: 32}\n  - online_movable: 33\n  - offline_node: 1\n  - hot_add: {base: 0x180000000, size: 1G, node: 1}\n  - remove: {base: 0x180000000, size: 1G}\n  - remove_node: 1\n' > "$seeds/hotplug/every-verb.yaml"
printf 'steps:\n  - offline_node: 1\n  - remove_node: 1\n' > "$seeds/hotplug/remove-node.yaml"
printf 'steps:\n  - hot_add: {base: 0x2080000000, size: 2G, node: 2}\n  - online_kernel: 65\n  - offline: 65\n' > "$seeds/hotplug/hot-add.yaml"
printf 'steps:\n  - hot_add: {base: 0x1080000000, size: 128M, node: 1}\n' > "$seeds/hotplug/unaligned.yaml"
printf 'steps: []\n' > "$seeds/hotplug/empty.yaml"

# Boots: each conformance case with an SRAT, as its command line, a newline and the table.
for d in tests/conformance/*/; do
  [ -f "$d/srat.bin" ] || continue
  { tr -d '\n' < "$d/cmdline" 2>/dev/null || true; printf '\n'; cat "$d/srat.bin"; } > "$seeds/boot/$(basename "$d").bin"
done
for f in "$seeds"/srat/fixture-*.bin; do
  name=$(basename "$f" .bin)
  { printf 'movable_node\n'; cat "$f"; [ -f "$seeds/slit/$name.bin" ] && cat "$seeds/slit/$name.bin"; } > "$seeds/boot/$name.bin"
done
for t in "$seeds"/*/; do echo "$(basename "$t"): $(find "$t" -maxdepth 1 -type f | wc -l) seeds"; done
