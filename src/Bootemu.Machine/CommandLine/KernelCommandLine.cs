using Bootemu.Core.Logging;

namespace Bootemu.Machine.CommandLine;

/// <summary>
/// Reads a kernel command line the way Linux 6.1 on x86_64 does, for the options that shape boot
/// memory. Two passes, as in the kernel: parse_early_param (init/main.c do_early_param: mem=,
/// memmap=, movable_node, kernelcore=, movablecore=, memblock=, numa=, acpi=) and then
/// parse_args("Booting kernel") (built-in module parameters memory_hotplug.*, __setup options such
/// as memhp_default_state=, and unknown_bootoption for everything else). Option names match with
/// '-' and '_' alike; a later occurrence overwrites an earlier one wherever the kernel just stores a value.
/// </summary>
public static class KernelCommandLine
{
    /// <param name="rules">the build's parsing rules; default: Linux 6.1's.</param>
    public static BootOptions Parse(string commandLine, CommandLineRules? rules = null)
    {
        var words = CommandLineWord.Split(commandLine, out string? afterDashes);
        var state = new ParseState(rules ?? CommandLineRules.Linux61);
        foreach (var word in words) EarlyParam(word, state);
        foreach (var word in words) BootingKernel(word, state);
        state.ReportUnknown();
        return state.ToOptions(commandLine, afterDashes);
    }

    // ---- parse_early_param -------------------------------------------------------------------

    private static void EarlyParam(CommandLineWord word, ParseState s)
    {
        string? v = word.Value;
        switch (KnownParameters.Normalize(word.Name))
        {
            case "mem": Mem(word, s); break;
            case "memmap": Memmap(word, s); break;
            case "movable_node":
                // cmdline_parse_movable_node ignores its value: movable_node=0 enables it too.
                s.MovableNode = true;
                if (v is not null) s.Note($"{word}: the kernel ignores the value and enables movable_node (it cannot be switched off)");
                break;
            case "kernelcore":
                if (v is null)
                    throw new Bootemu.Core.InputException("kernel command line",
                        "bare 'kernelcore' (no '='): Linux 6.1 passes NULL to parse_option_str and faults early in boot; write kernelcore=SIZE, kernelcore=N% or kernelcore=mirror");
                // parse_option_str: any comma-separated token equal to "mirror"; sticky once set.
                if (v.Split(',').Contains("mirror")) s.KernelcoreMirror = true;
                else s.Kernelcore.Read(word, s);
                break;
            case "movablecore":
                if (v is null) s.Malformed(word.Name);
                else s.Movablecore.Read(word, s);
                break;
            case "memblock":
                // early_memblock: strstr, so any value containing "debug" turns it on; nothing turns it off.
                if (v is not null && v.Contains("debug", StringComparison.Ordinal)) s.MemblockDebug = true;
                break;
            case "numa": Numa(word, s); break;
            case "acpi": Acpi(word, s); break;
            case "nohugevmalloc":
                // set_nohugevmalloc ignores any value.
                s.HugeVmalloc = false;
                break;
        }
    }

    /// <summary>parse_memopt: an address limit for RAM, not an amount.</summary>
    private static void Mem(CommandLineWord word, ParseState s)
    {
        if (word.Value is not { } v) { s.Malformed(word.Name); return; }
        if (v == "nopentium")
        {
            s.Early(KernelLogLevel.Warning, "mem=nopentium ignored! (only supported on x86_32)");
            s.Malformed(word.Name);
            return;
        }
        ulong limit = KernelNumber.Memparse(v);
        if (limit == 0)
        {
            // userdef is set before the value is read, so the map is still re-printed as user-defined.
            s.Edit(new E820Edit(E820EditKind.MarkUserDefined, word.ToString()));
            s.Malformed(word.Name);
            s.Note($"{word}: the kernel reads 0, prints \"Malformed early option '{word.Name}'\" and leaves the map as it is");
            return;
        }
        s.Edit(new E820Edit(E820EditKind.RemoveRamAbove, word.ToString(), Start: limit));
        s.MemLimit = limit;
    }

    /// <summary>parse_memmap_opt / parse_memmap_one: comma-separated items, all accumulating.</summary>
    private static void Memmap(CommandLineWord word, ParseState s)
    {
        if (word.Value is not { } v) return; // the handler loops over nothing and returns 0
        foreach (var item in v.Split(','))
        {
            string option = $"{word.Name}={item}";
            if (item.StartsWith("exactmap", StringComparison.Ordinal))
            {
                s.Edit(new E820Edit(E820EditKind.Exactmap, option));
                continue;
            }
            ulong size = KernelNumber.Memparse(item, 0, out int p);
            if (p == 0)
            {
                s.Note($"{option}: not a size; the kernel ignores the item");
                continue;
            }
            char op = p < item.Length ? item[p] : '\0';
            ulong at;
            switch (op)
            {
                case '@' or '#' or '$' or '!':
                    at = KernelNumber.Memparse(item, p + 1, out p);
                    var type = op switch { '@' => E820Type.Ram, '#' => E820Type.Acpi, '$' => E820Type.Reserved, _ => E820Type.Pram };
                    s.Edit(new E820Edit(E820EditKind.Add, option, at, size, To: type));
                    break;
                case '%':
                    at = KernelNumber.Memparse(item, p + 1, out p);
                    uint from = 0, to = 0;
                    if (p < item.Length && item[p] == '-') from = (uint)KernelNumber.SimpleStrtoull(item, p + 1, out p);
                    if (p < item.Length && item[p] == '+') to = (uint)KernelNumber.SimpleStrtoull(item, p + 1, out p);
                    if (p != item.Length)
                    {
                        s.Note($"{option}: trailing characters after the types; the kernel ignores the item");
                        continue;
                    }
                    if (from != 0 && to != 0)
                    {
                        if (from == to)
                            throw new Bootemu.Core.InputException("kernel command line",
                                $"{option}: changing type {from} into itself hits the BUG_ON in the kernel's e820__range_update");
                        s.Edit(new E820Edit(E820EditKind.Update, option, at, size, (E820Type)from, (E820Type)to));
                    }
                    else if (to != 0) s.Edit(new E820Edit(E820EditKind.Add, option, at, size, To: (E820Type)to));
                    else s.Edit(new E820Edit(E820EditKind.Remove, option, at, size, From: (E820Type)from));
                    continue;
                default:
                    s.Edit(new E820Edit(E820EditKind.RemoveRamAbove, option, Start: size));
                    break;
            }
            // The edit is done before the kernel looks at what follows; leftovers only change the
            // (ignored) return value, so e.g. memmap=1G@4Gx still adds the range.
            if (p != item.Length) s.Note($"{option}: trailing characters after the range; the kernel applies the range and ignores the rest");
        }
    }

    /// <summary>numa_setup: prefixes, several may apply; numa=off cannot be undone.</summary>
    private static void Numa(CommandLineWord word, ParseState s)
    {
        if (word.Value is not { } v) { s.Malformed(word.Name); return; }
        bool known = false;
        if (v.StartsWith("off", StringComparison.Ordinal)) { s.NumaOff = true; known = true; }
        if (v.StartsWith("fake=", StringComparison.Ordinal))
        {
            // numa_emu_cmdline keeps a pointer to the rest and returns at once: a later numa=fake= replaces it, and
            // nothing after "fake=" is read as another numa= word.
            s.NumaFake = v["fake=".Length..];
            return;
        }
        if (v.StartsWith("noacpi", StringComparison.Ordinal)) { s.NumaNoAcpi = true; known = true; }
        if (v.StartsWith("nohmat", StringComparison.Ordinal))
        {
            // disable_hmat: the HMAT only describes memory performance, and bootemu reads none.
            s.Note($"{word}: bootemu reads no HMAT, so turning it off changes nothing here");
            known = true;
        }
        if (!known) s.Note($"{word}: not a value numa= knows; the kernel ignores it");
    }

    /// <summary>parse_acpi (arch/x86/kernel/acpi/boot.c): exact words; acpi=force undoes acpi=off.</summary>
    private static void Acpi(CommandLineWord word, ParseState s)
    {
        switch (word.Value)
        {
            case "off": s.AcpiOff = true; break;
            case "force": s.AcpiOff = false; break;
            case "strict" or "rsdt" or "noirq" or "copy_dsdt" or "nocmcff": break;
            default: s.Malformed(word.Name); break;
        }
    }

    // ---- parse_args("Booting kernel") ---------------------------------------------------------

    private static void BootingKernel(CommandLineWord word, ParseState s)
    {
        string name = KnownParameters.Normalize(word.Name);
        string? v = word.Value;
        switch (name)
        {
            case "memory_hotplug.online_policy":
                // set_online_policy: sysfs_match_string, exact names only.
                if (v == "contig-zones") s.OnlinePolicy = OnlinePolicy.ContigZones;
                else if (v == "auto-movable") s.OnlinePolicy = OnlinePolicy.AutoMovable;
                else s.Invalid(word);
                return;
            case "memory_hotplug.auto_movable_ratio":
                if (v is not null && TryKstrtouint(v, out uint ratio)) s.AutoMovableRatio = ratio;
                else s.Invalid(word);
                return;
            case "memory_hotplug.auto_movable_numa_aware":
                if (TryBoolParam(v, out bool aware)) s.AutoMovableNumaAware = aware;
                else s.Invalid(word);
                return;
            case "memory_hotplug.memmap_on_memory":
                MemmapOnMemory(word, s);
                return;
        }
        // unknown_bootoption -> obsolete_checksetup: __setup handlers and early params claim their words.
        // retain_initrd_param keeps the initrd only for the bare word; for any value it declines the word, which
        // then goes to init like any unknown one.
        if (name == "retain_initrd" && v is null)
        {
            s.RetainInitrd = true;
            return;
        }
        // set_hashdist, set_dhash_entries, set_ihash_entries, set_mhash_entries, set_mphash_entries: simple_strtoul of
        // whatever follows '=', never refused.
        if (v is not null && name is "hashdist" or "dhash_entries" or "ihash_entries" or "mhash_entries" or "mphash_entries")
        {
            ulong number = KernelNumber.SimpleStrtoull(v, 0, out _);
            if (name == "hashdist") s.HashDistribution = (int)number != 0;
            else if (name == "dhash_entries") s.DentryHashEntries = number;
            else if (name == "ihash_entries") s.InodeHashEntries = number;
            else if (name == "mhash_entries") s.MountHashEntries = number;
            else s.MountpointHashEntries = number;
            return;
        }
        if (name == "memhp_default_state" && v is not null)
        {
            // setup_memhp_default_state: a value it does not know is ignored without a word.
            if (OnlineTypeWords.FromWord(v) is { } type) s.MemhpDefaultState = type;
            else s.Note($"{word}: not offline, online, online_kernel or online_movable; the kernel ignores it silently");
            return;
        }
        if (KnownParameters.IsKnown(name, v is not null) && (s.Rules.PtiIsEarlyParam || name is not ("pti" or "nopti"))) return;
        // Unused module parameters (a '.' in the name) are dropped silently.
        if (word.Name.Contains('.')) return;
        s.PassToUserSpace(word);
    }

    /// <summary>
    /// memory_hotplug.memmap_on_memory: a kernel bool on 6.1; on 6.12 set_memmap_mode, which takes "force" (memmap padded
    /// to whole pageblocks, nothing wasted with 128 MiB blocks) besides a bool, and no bare word.
    /// </summary>
    private static void MemmapOnMemory(CommandLineWord word, ParseState s)
    {
        string? v = word.Value;
        if (s.Rules.MemmapOnMemoryHasForceMode)
        {
            if (v is "force" or "FORCE")
            {
                s.MemmapOnMemory = true;
                s.Note($"{word}: the forced mode pads each block's memmap to whole pageblocks, which wastes nothing with 128 MiB blocks; " +
                       "the kernel also prints \"Memory hotplug will waste N pages in each memory block\" while parsing, which bootemu does not");
                return;
            }
            if (v is null) { s.Invalid(word); return; }
        }
        if (TryBoolParam(v, out bool onMemory)) s.MemmapOnMemory = onMemory;
        else s.Invalid(word);
    }

    /// <summary>kstrtouint(s, 0): optional '+', base by prefix, one trailing newline allowed, nothing else, no overflow, must fit 32 bits.</summary>
    private static bool TryKstrtouint(string text, out uint value)
    {
        value = 0;
        int start = text.StartsWith('+') ? 1 : 0;
        ulong v = KernelNumber.SimpleStrtoull(text, start, out int end, out bool overflow);
        if (end == start || overflow) return false;
        if (end < text.Length && text[end] == '\n') end++;
        if (end != text.Length || v > uint.MaxValue) return false;
        value = (uint)v;
        return true;
    }

    /// <summary>param_set_bool: no value means true; otherwise kstrtobool (y/Y/t/T/1, n/N/f/F/0, on, off).</summary>
    private static bool TryBoolParam(string? text, out bool value)
    {
        value = true;
        if (text is null) return true;
        char c0 = text.Length > 0 ? text[0] : '\0', c1 = text.Length > 1 ? text[1] : '\0';
        switch (c0)
        {
            case 'y' or 'Y' or 't' or 'T' or '1': value = true; return true;
            case 'n' or 'N' or 'f' or 'F' or '0': value = false; return true;
            case 'o' or 'O' when c1 is 'n' or 'N': value = true; return true;
            case 'o' or 'O' when c1 is 'f' or 'F': value = false; return true;
            default: return false;
        }
    }
}
