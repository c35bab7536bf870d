namespace Bootemu.Fuzz.Targets;

/// <summary>Dictionary words for the ACPI table targets: signatures, acpidump markers and the YAML forms' keys.</summary>
internal static class AcpiWords
{
    private static readonly string[] Common =
    [
        "SRAT", "SLIT", " @ 0x", "    0000: ", "\n\n", "signature", "revision", "oem_id", "oem_table_id", "oem_revision",
        "creator_id", "creator_revision", "checksum", "length",
    ];

    public static readonly string[] Srat =
    [
        .. Common, "table_revision", "reserved", "entries", "type", "memory", "processor_apic", "processor_x2apic", "gicc",
        "gic_its", "generic_initiator", "rintc", "proximity_domain", "base", "size", "flags", "enabled", "hot_pluggable",
        "non_volatile", "apic_id", "x2apic_id", "sapic_eid", "clock_domain", "apic", "x2apic", "generic_port", "raw",
        "extra", "bytes", "processor_uid", "its_id", "reserved1", "reserved2",
        // Subtable type and length bytes: APIC, memory, x2APIC, GICC, GIC ITS, generic initiator, RINTC.
        "\x00\x10", "\x01\x28", "\x02\x18", "\x03\x12", "\x04\x0c", "\x05\x20", "\x07\x14",
    ];

    public static readonly string[] Slit = [.. Common, "localities", "matrix", "distances", "\x0a", "\x14", "\xff", "\x00"];
}
