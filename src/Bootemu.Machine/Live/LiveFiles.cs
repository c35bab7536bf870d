using System.Diagnostics;
using Bootemu.Core;

namespace Bootemu.Machine.Live;

/// <summary>
/// Reads a live machine's own inputs under a root (<see cref="LiveLayout"/>): the SRAT and SLIT the firmware gave
/// (readable by root only), the boot log (/dev/kmsg or dmesg on the running machine, <c>dmesg.txt</c> in a copy), the
/// firmware memory map when the log no longer holds the BIOS-e820 lines, the command line the kernel runs with, and the
/// running kernel's release. Whatever the machine lacks or hides becomes a note saying what bootemu did instead.
/// </summary>
internal static class LiveFiles
{
    public static MachineFiles Read(string root)
    {
        if (!Directory.Exists(root)) throw new InputException(root, "cannot read: no such directory (--live takes the root of a machine's files)");
        var notes = new List<string>();
        bool running = LiveLayout.IsRunningMachine(root);

        var (srat, sratFrom) = Table(root, LiveLayout.Srat, notes,
            absent: "the machine has no SRAT: it boots without NUMA, as the kernel does (one node holding all memory)",
            hidden: "booting without it, so the NUMA layout is not this machine's");
        var (slit, slitFrom) = Table(root, LiveLayout.Slit, notes, absent: null, hidden: "node distances are the kernel's defaults");

        var (logText, logFrom) = running ? RunningLog() : CopiedLog(root);
        BootLogFacts? log = null;
        if (logText is null) notes.Add($"no boot log ({logFrom}): no initrd, ACPI table locations or BIOS-e820 lines from it");
        else
        {
            notes.Add($"boot log read from {logFrom}");
            log = BootLogFacts.Parse(logText, logFrom);
        }
        var memmap = FirmwareMemmap.Read(root);
        string memmapPath = LiveLayout.PathOf(root, LiveLayout.FirmwareMemmap);
        var devices = new List<MemoryDevice>();
        if (log?.BiosE820 is { } bios)
        {
            foreach (var added in memmap is null ? [] : FirmwareMemmap.HotAdded(memmap, bios))
            {
                int? node = BlockNode(root, added.Addr);
                devices.Add(new MemoryDevice(added.Addr, added.Size, node));
                notes.Add($"{memmapPath} has System RAM at {Bootemu.Core.Printk.Printk.Mem18(added.Addr, added.End - 1)} that the BIOS-e820 lines have not: " +
                          "memory hot-added after the boot path, taken as a memory device present at boot " +
                          (node is null ? "(its node from the SRAT)" : $"on node {node}, the node of its first memory block (the device's _PXM is in the DSDT, which bootemu does not read)"));
            }
            memmap = null;
        }
        else if (memmap is not null)
            notes.Add($"the boot log holds no BIOS-e820 lines{(logText is null ? "" : " (the log ring has wrapped past them)")}: the e820 map is taken from {memmapPath}, " +
                      "the same firmware map (memory hot-added since boot, if any, counts as boot RAM there)");
        else
            notes.Add($"no BIOS-e820 lines and no {memmapPath}: RAM is taken from the SRAT");

        string? cmdline = OptionalText(root, LiveLayout.CommandLine)?.Trim();
        if (cmdline is not null) notes.Add($"command line from {LiveLayout.PathOf(root, LiveLayout.CommandLine)}");
        string? release = OptionalText(root, LiveLayout.Release)?.Trim();

        return new MachineFiles
        {
            Name = running ? "this machine" : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))),
            Where = root,
            NothingToBoot = $"nothing to boot: no BIOS-e820 lines in the boot log, no {LiveLayout.FirmwareMemmap} and no SRAT under {root}",
            Srat = srat,
            SratFrom = sratFrom,
            Slit = slit,
            SlitFrom = slitFrom,
            Log = log,
            FirmwareMap = memmap,
            MemoryDevices = devices,
            CommandLine = cmdline,
            RunningRelease = release,
            Notes = notes,
        };
    }

    /// <summary>
    /// An ACPI table the machine shows, or null with a note when it hides it (sysfs gives its tables to root only)
    /// or, given <paramref name="absent"/>, lacks it.
    /// </summary>
    private static (ReadOnlyMemory<byte>? Bytes, string? From) Table(string root, string relative, List<string> notes, string? absent, string hidden)
    {
        string path = LiveLayout.PathOf(root, relative);
        if (!File.Exists(path))
        {
            if (absent is not null) notes.Add($"no {path}: {absent}");
            return (null, null);
        }
        if (!CanRead(path))
        {
            notes.Add($"{path} cannot be read (the kernel shows ACPI tables to root only): {hidden}");
            return (null, null);
        }
        return (relative == LiveLayout.Srat ? FixtureTables.SratFile(path, path) : FixtureTables.SlitFile(path, path), path);
    }

    private static bool CanRead(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            return true;
        }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>The node the memory block holding <paramref name="address"/> links to, or null when the machine does not show it.</summary>
    private static int? BlockNode(string root, ulong address)
    {
        string memory = LiveLayout.PathOf(root, LiveLayout.MemoryBlocks);
        if (OptionalText(root, Path.Combine(LiveLayout.MemoryBlocks, "block_size_bytes")) is not { } sizeText
            || !ulong.TryParse(sizeText.Trim(), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out ulong size)
            || size == 0) return null;
        string block = Path.Combine(memory, $"memory{address / size}");
        if (!Directory.Exists(block)) return null;
        foreach (var entry in Directory.EnumerateFileSystemEntries(block).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            if (entry is not null && entry.StartsWith("node", StringComparison.Ordinal) && int.TryParse(entry.AsSpan(4), out int nid)) return nid;
        return null;
    }

    private static string? OptionalText(string root, string relative)
    {
        string path = LiveLayout.PathOf(root, relative);
        return File.Exists(path) ? InputFile.ReadText(path) : null;
    }

    private static (string? Text, string From) CopiedLog(string root)
    {
        string path = LiveLayout.PathOf(root, LiveLayout.LogCopy);
        return File.Exists(path) ? (InputFile.ReadText(path), path) : (null, $"{path} missing");
    }

    /// <summary>The running kernel's log: /dev/kmsg, else the dmesg command (which may be allowed where the device is not).</summary>
    private static (string? Text, string From) RunningLog()
    {
        if (KernelMessageDevice.ReadAll() is { } kmsg) return (kmsg, KernelMessageDevice.Path);
        try
        {
            using var dmesg = Process.Start(new ProcessStartInfo("dmesg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (dmesg is null) return (null, $"{KernelMessageDevice.Path} and dmesg cannot be read");
            var stdout = dmesg.StandardOutput.ReadToEndAsync();
            dmesg.StandardError.ReadToEnd();
            dmesg.WaitForExit();
            return dmesg.ExitCode == 0 ? (stdout.Result, "dmesg") : (null, $"{KernelMessageDevice.Path} and dmesg cannot be read");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, $"{KernelMessageDevice.Path} cannot be read and there is no dmesg command");
        }
    }
}
