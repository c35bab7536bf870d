using System.Collections.Immutable;

namespace Bootemu.Machine;

/// <summary>
/// How memory is onlined (the kernel's MMOP_* values): the auto-online type of hot-added memory
/// (memhp_default_state=) and what a write to a memory block's state file asks for.
/// </summary>
public enum OnlineType
{
    Offline = 0,
    Online = 1,
    OnlineKernel = 2,
    OnlineMovable = 3,
}

/// <summary>
/// The words that name an <see cref="OnlineType"/> on the command line and in sysfs, both ways
/// (mm/memory_hotplug.c: the online_type_to_str table and mhp_online_type_from_str, which reads it backwards).
/// </summary>
public static class OnlineTypeWords
{
    // Indexed by the enum's value, as the kernel's table is indexed by MMOP_*.
    private static readonly ImmutableArray<string> Words = ["offline", "online", "online_kernel", "online_movable"];

    /// <summary>online_type_to_str: "offline", "online", "online_kernel" or "online_movable".</summary>
    public static string ToWord(this OnlineType type) => Words[(int)type];

    /// <summary>mhp_online_type_from_str: the type the word names, or null for any other word.</summary>
    public static OnlineType? FromWord(string word)
    {
        int index = Words.IndexOf(word);
        return index < 0 ? null : (OnlineType)index;
    }
}
