using Bootemu.Boot.Zones;
using Bootemu.Core.Logging;
using Bootemu.Core.Printk;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;

namespace Bootemu.Hotplug;

/// <summary>
/// The eject of an ACPI memory device (what QEMU's device_del of a pc-dimm asks the guest for):
/// drivers/acpi/scan.c acpi_scan_hot_remove → acpi_scan_try_to_offline, then the memory driver's detach
/// (drivers/acpi/acpi_memhotplug.c acpi_memory_device_remove → __remove_memory).
/// </summary>
/// <remarks>
/// Unlike a plain remove, the eject offlines the device's online blocks itself, whatever their zone. It walks the
/// blocks twice: the first pass offlines what it can and goes on past failures (one block may hold what another
/// needs), the second retries only those the first could not offline and stops at the first that still fails. Then
/// it either removes the device, or warns "Offline failed." for that block, puts back online every block it had
/// offlined, and the eject fails busy (_OST 0x82). Putting back is device_online without an online type, which is
/// a plain online: the zone is chosen anew, so a block that was Movable may come back Normal.
/// </remarks>
internal static class AcpiEject
{
    public static HotplugOutcome Eject(HotplugMachine m, HotAddedRange device, KernelLog log)
    {
        var original = m;
        var ids = m.BlocksIn(device.Base, device.End).Select(b => b.Id).ToList();
        var offlinedByEject = new List<long>();

        // First pass: every block in address order; a refusal is remembered, not final.
        var refusedFirst = new List<long>();
        foreach (long id in ids)
        {
            var outcome = TryOffline(m, id, log);
            if (outcome is null) continue;
            if (outcome.Error == Errno.EINPROGRESS) return Hung(outcome, id, offlinedByEject);
            m = outcome.Machine;
            if (outcome.Succeeded) offlinedByEject.Add(id);
            else refusedFirst.Add(id);
        }

        // Second pass: only what the first pass could not offline; the first block that is refused again ends it.
        foreach (long id in refusedFirst)
        {
            var outcome = TryOffline(m, id, log);
            if (outcome is null) continue;
            if (outcome.Error == Errno.EINPROGRESS) return Hung(outcome, id, offlinedByEject);
            m = outcome.Machine;
            if (outcome.Succeeded) { offlinedByEject.Add(id); continue; }

            log.Warn($"memory memory{id}: Offline failed.");
            var (back, notes) = PutBackOnline(m, offlinedByEject, log);
            return HotplugOutcome.Fail(back, Errno.EBUSY,
                $"block {id} cannot be offlined ({outcome.Error}: {outcome.Detail}), so the eject fails busy (_OST 0x82)"
                + (notes.Count == 0 ? "" : "; put back online: " + string.Join(", ", notes)));
        }

        // Every block is offline: the memory driver removes the memory, then the device's memory group.
        var removed = HotRemove.Remove(m, device.Base, device.Size, log);
        if (!removed.Succeeded) return removed with { Machine = original };
        var after = removed.Machine;
        if (ids.Count > 0 && original.Blocks[ids[0]].Group is { } group)
            after = after with { Groups = after.Groups.RemoveAll(g => g.Id == group) };
        string offlined = offlinedByEject.Count == 0 ? "" : $"offlined blocks {PageAllocator.BlockList(offlinedByEject)}, then ";
        return HotplugOutcome.Ok(after, offlined + removed.Detail);
    }

    /// <summary>device_offline of one block: null when it is offline already (nothing to do, nothing to put back).</summary>
    private static HotplugOutcome? TryOffline(HotplugMachine m, long id, KernelLog log) =>
        m.Blocks[id].State == BlockState.Offline ? null : BlockOffline.Offline(m, id, log, signalsReach: false);

    /// <summary>
    /// acpi_bus_online: device_online of each block the eject offlined, as a plain online (memory_subsys_online
    /// turns the unset online type into online), so the zone policy picks the zone again.
    /// </summary>
    private static (HotplugMachine Machine, List<string> Notes) PutBackOnline(HotplugMachine m, IEnumerable<long> ids, KernelLog log)
    {
        var notes = new List<string>();
        foreach (long id in ids)
        {
            var outcome = BlockOnline.Online(m, id, OnlineType.Online, log);
            m = outcome.Machine;
            notes.Add(outcome.Succeeded ? $"block {id} to {ZoneNames.Of(m.Blocks[id].Zone!.Value)}" : $"block {id} failed ({outcome.Error})");
        }
        return (m, notes);
    }

    /// <summary>
    /// The kworker running the eject loops in offline_pages for good: the device stays "eject in progress" (_OST 0x84).
    /// bootemu stops there, the blocks offlined before that one left offline.
    /// </summary>
    private static HotplugOutcome Hung(HotplugOutcome stuck, long block, List<long> offlined) =>
        stuck with
        {
            Detail = $"block {block} never goes offline ({stuck.Detail}); the eject never completes and the device stays in eject in progress (_OST 0x84)"
                     + (offlined.Count == 0 ? "" : $"; blocks {PageAllocator.BlockList(offlined)} were offlined before it"),
        };
}
