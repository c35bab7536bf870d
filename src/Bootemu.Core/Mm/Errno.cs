namespace Bootemu.Core.Mm;

/// <summary>The errno values the memory hotplug paths hand back to userspace (asm-generic/errno-base.h and errno.h numbering).</summary>
public enum Errno
{
    EPERM = 1,
    ENOENT = 2,
    EINTR = 4,
    E2BIG = 7,
    ENOMEM = 12,
    EBUSY = 16,
    EEXIST = 17,
    ENODEV = 19,
    EINVAL = 22,

    /// <summary>
    /// asm-generic/errno.h's "operation now in progress": an ACPI eject whose offline never finishes (the device stays at
    /// _OST 0x84, eject in progress), where the kernel itself returns nothing at all.
    /// </summary>
    EINPROGRESS = 115,
}
