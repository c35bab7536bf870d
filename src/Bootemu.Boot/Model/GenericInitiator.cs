namespace Bootemu.Boot.Model;

/// <summary>
/// A generic initiator the kernel accepted from the SRAT (a type 5 entry, acpi_parse_gi_affinity): a device that is not
/// a CPU but starts memory accesses (an accelerator, say), and the node its proximity domain became. The kernel keeps
/// only the node (N_GENERIC_INITIATOR, /sys/devices/system/node/has_generic_initiator); the device is for the reader.
/// </summary>
/// <param name="Device">The device as the entry names it: "PCI 0000:3a:00.0", or "ACPI ACPI0017 (_UID 0)".</param>
public sealed record GenericInitiator(int Nid, string Device);
