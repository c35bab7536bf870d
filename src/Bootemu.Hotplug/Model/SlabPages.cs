namespace Bootemu.Hotplug.Model;

/// <summary>
/// Slab pages the kernel keeps in a block for as long as the machine runs, with what holds them (see
/// <see cref="NodeSlab"/> for which ones bootemu places and why). They are neither PageReserved nor movable, so
/// has_unmovable_pages refuses the block in any kernel zone.
/// </summary>
public sealed record SlabPages(string Owner, ulong Pages);
