namespace Bootemu.Machine.E820;

/// <summary>enum e820_type: what firmware says a physical range is.</summary>
public enum E820Type : uint
{
    Ram = 1,
    Reserved = 2,
    Acpi = 3,
    Nvs = 4,
    Unusable = 5,
    Pmem = 7,
    Pram = 12,
    ReservedKern = 128,
    SoftReserved = 0xefffffff,
}
