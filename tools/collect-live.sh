#!/bin/sh
# collect-live.sh DIR: copy this machine's inputs and boot-time layout into DIR, in the layout `bootemu boot --live DIR`
# reads (the same paths as under /), so that the machine can be replayed and compared elsewhere:
#   sys/firmware/acpi/tables/SRAT, SLIT    the NUMA tables (readable by root only; left out otherwise, with a warning)
#   sys/firmware/memmap/N/{start,end,type} the firmware e820 map
#   proc/cmdline, proc/sys/kernel/osrelease, proc/zoneinfo
#   sys/devices/system/memory/block_size_bytes, memoryN/{state,valid_zones} and an empty file per nodeN link
#   sys/devices/system/node/{possible,online,has_normal_memory,has_memory,has_cpu}
#   dmesg.txt                              the boot log (dmesg)
# Run it as root to include the ACPI tables and, where dmesg_restrict is set, the log.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
out=$1
mkdir -p "$out"

copy() {   # copy FILE [FILE...]: each path under / to the same path under $out, when it can be read
    for f in "$@"; do
        if [ -r "$f" ]; then
            mkdir -p "$out$(dirname "$f")"
            cat "$f" > "$out$f"
        elif [ -e "$f" ]; then
            echo "$0: warning: $f cannot be read (run as root to include it)" >&2
        fi
    done
}

copy /sys/firmware/acpi/tables/SRAT /sys/firmware/acpi/tables/SLIT
for d in /sys/firmware/memmap/*/; do
    [ -d "$d" ] && copy "${d}start" "${d}end" "${d}type"
done
copy /proc/cmdline /proc/sys/kernel/osrelease /proc/zoneinfo
copy /sys/devices/system/memory/block_size_bytes
for d in /sys/devices/system/memory/memory*/; do
    [ -d "$d" ] || continue
    copy "${d}state" "${d}valid_zones"
    for n in "${d}"node*; do
        [ -e "$n" ] && : > "$out${d}$(basename "$n")"
    done
done
for m in possible online has_normal_memory has_memory has_cpu; do
    copy "/sys/devices/system/node/$m"
done
if ! dmesg > "$out/dmesg.txt" 2>/dev/null; then
    rm -f "$out/dmesg.txt"
    echo "$0: warning: dmesg cannot be read (run as root to include the boot log)" >&2
fi
echo "$0: copied this machine's files to $out (bootemu boot --live $out --compare-live)"
