namespace Bootemu.Hotplug.Model;

/// <summary>
/// What a memory block's <c>state</c> file reads. The kernel's transient <c>going-offline</c> is never
/// observable here because every emulated step runs to completion.
/// </summary>
public enum BlockState
{
    Online,
    Offline,
}

/// <summary>The words of drivers/base/memory.c state_show.</summary>
internal static class BlockStateWords
{
    public static string Word(this BlockState state) => state == BlockState.Online ? "online" : "offline";
}
