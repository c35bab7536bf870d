namespace Bootemu.Machine.Live;

/// <summary>
/// Where a running Linux system shows what bootemu reads, relative to its root: <c>/</c> on the machine itself, or a
/// folder holding a copy in the same layout (tools/collect-live.sh makes one), so that another machine's files can be
/// replayed. The only file a copy holds that the machine has not is <see cref="LogCopy"/>, its boot log.
/// </summary>
public static class LiveLayout
{
    public const string Srat = "sys/firmware/acpi/tables/SRAT";

    public const string Slit = "sys/firmware/acpi/tables/SLIT";

    /// <summary>The firmware's e820 map, one folder per entry holding <c>start</c>, <c>end</c> (inclusive) and <c>type</c>.</summary>
    public const string FirmwareMemmap = "sys/firmware/memmap";

    public const string CommandLine = "proc/cmdline";

    /// <summary>The running kernel's release, as <c>uname -r</c> prints it.</summary>
    public const string Release = "proc/sys/kernel/osrelease";

    public const string Zoneinfo = "proc/zoneinfo";

    /// <summary>The memory block devices: <c>block_size_bytes</c> and one <c>memoryN</c> folder per block.</summary>
    public const string MemoryBlocks = "sys/devices/system/memory";

    /// <summary>The node masks (<c>possible</c>, <c>online</c>, <c>has_memory</c>, ...).</summary>
    public const string Nodes = "sys/devices/system/node";

    /// <summary>A copy's boot log (the running machine's comes from /dev/kmsg or dmesg).</summary>
    public const string LogCopy = "dmesg.txt";

    /// <summary>True when <paramref name="root"/> is the running machine's own root rather than a copy.</summary>
    public static bool IsRunningMachine(string root) => Path.GetFullPath(root) == "/";

    /// <summary>The path of <paramref name="relative"/> under <paramref name="root"/>.</summary>
    public static string PathOf(string root, string relative) => Path.Combine(root, relative);
}
