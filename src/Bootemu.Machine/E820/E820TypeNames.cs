using System.Globalization;

namespace Bootemu.Machine.E820;

/// <summary>
/// How the kernel names e820 types in its log (<c>e820_print_type</c> in arch/x86/kernel/e820.c),
/// and the reverse: reading those names back from a saved log or a fixture.
/// </summary>
public static class E820TypeNames
{
    /// <summary>The text <c>e820_print_type</c> prints for <paramref name="type"/>.</summary>
    public static string KernelName(E820Type type) => type switch
    {
        // RESERVED_KERN is RAM the kernel set aside for itself; it prints like RAM.
        E820Type.Ram or E820Type.ReservedKern => "usable",
        E820Type.Reserved => "reserved",
        E820Type.SoftReserved => "soft reserved",
        E820Type.Acpi => "ACPI data",
        E820Type.Nvs => "ACPI NVS",
        E820Type.Unusable => "unusable",
        E820Type.Pmem or E820Type.Pram => $"persistent (type {(uint)type})",
        _ => $"type {(uint)type}",
    };

    /// <summary>
    /// Reads a type as the kernel prints it ("usable", "ACPI NVS", "persistent (type 12)", "type 20"),
    /// or as a plain number. "usable" reads as RAM (1): the log cannot tell RAM from RESERVED_KERN.
    /// </summary>
    public static bool TryParse(string text, out E820Type type)
    {
        string t = text.Trim();
        type = t switch
        {
            "usable" => E820Type.Ram,
            "reserved" => E820Type.Reserved,
            "soft reserved" => E820Type.SoftReserved,
            "ACPI data" => E820Type.Acpi,
            "ACPI NVS" => E820Type.Nvs,
            "unusable" => E820Type.Unusable,
            _ => 0,
        };
        if (type != 0) return true;
        string number = t;
        if (t.StartsWith("persistent (type ", StringComparison.Ordinal) && t.EndsWith(')'))
            number = t["persistent (type ".Length..^1];
        else if (t.StartsWith("type ", StringComparison.Ordinal))
            number = t["type ".Length..];
        bool hex = number.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (hex
                ? uint.TryParse(number.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint v)
                : uint.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out v))
        {
            if (v == 0) return false;
            type = (E820Type)v;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Reads a type as /sys/firmware/memmap names it (the resource names of e820_type_to_string). "System RAM" reads
    /// as RAM (RESERVED_KERN is named alike); "Unknown E820 type" hides the number and is not read.
    /// </summary>
    public static bool TryParseFirmwareMap(string text, out E820Type type)
    {
        type = text.Trim() switch
        {
            "System RAM" => E820Type.Ram,
            "ACPI Tables" => E820Type.Acpi,
            "ACPI Non-volatile Storage" => E820Type.Nvs,
            "Unusable memory" => E820Type.Unusable,
            "Persistent Memory (legacy)" => E820Type.Pram,
            "Persistent Memory" => E820Type.Pmem,
            "Reserved" => E820Type.Reserved,
            "Soft Reserved" => E820Type.SoftReserved,
            _ => 0,
        };
        return type != 0;
    }

    /// <summary>The names <see cref="TryParse"/> accepts, for error messages.</summary>
    public const string Accepted = "usable, reserved, ACPI data, ACPI NVS, unusable, soft reserved, persistent (type N), type N, or a number";
}
