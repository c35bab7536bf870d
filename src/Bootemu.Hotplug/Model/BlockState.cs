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
