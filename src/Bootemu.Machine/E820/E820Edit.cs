namespace Bootemu.Machine.E820;

/// <summary>What a mem= or memmap= item does to the e820 table (arch/x86/kernel/e820.c, parse_memopt / parse_memmap_one).</summary>
public enum E820EditKind
{
    /// <summary>Nothing changes, but the map counts as user-defined (mem=0, mem=abc: the kernel sets userdef before it reads the value).</summary>
    MarkUserDefined,
    /// <summary>memmap=exactmap: the table is emptied.</summary>
    Exactmap,
    /// <summary>mem=nn or memmap=nn: every RAM part at or above <see cref="E820Edit.Start"/> is removed.</summary>
    RemoveRamAbove,
    /// <summary>memmap=nn@ss / nn#ss / nn$ss / nn!ss / nn%ss+T: a range of a type is appended.</summary>
    Add,
    /// <summary>memmap=nn%ss-F+T: type F becomes T inside the range.</summary>
    Update,
    /// <summary>memmap=nn%ss-F (type F) or nn%ss (every type): the range is removed.</summary>
    Remove,
}

/// <summary>
/// One e820 edit from the command line, kept as data so the boot pipeline can replay it on the
/// machine's map at the point where the kernel does. <see cref="Option"/> is the item as written.
/// </summary>
public sealed record E820Edit(E820EditKind Kind, string Option, ulong Start = 0, ulong Size = 0, E820Type From = 0, E820Type To = 0);
