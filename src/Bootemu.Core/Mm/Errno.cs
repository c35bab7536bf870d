namespace Bootemu.Core.Mm;

/// <summary>The errno values the memory hotplug paths hand back to userspace (asm-generic/errno-base.h numbering).</summary>
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
}
