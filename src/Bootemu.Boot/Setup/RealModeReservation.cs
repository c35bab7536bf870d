namespace Bootemu.Boot.Setup;

/// <summary>
/// reserve_real_mode() (arch/x86/realmode/init.c) followed by setup_arch's reservation of the whole
/// first megabyte: the trampoline must live below 1 MiB, so it is allocated first (bottom-up under
/// movable_node it lands right after the reserved 64 KiB, top-down just below the EBDA), then
/// [0, 1 MiB) is reserved outright because BIOSes are known to corrupt low memory.
/// </summary>
internal static class RealModeReservation
{
    public static void Run(Memblock.Memblock memblock, BootAllocations allocations, Bootemu.Core.Logging.KernelLog log, Kernel.BootCallers callers)
    {
        ulong trampoline = memblock.PhysAllocRange(DebianKernelBuild.TrampolineSize, 0x1000, 0, DebianKernelBuild.IsaEnd,
            callers.ReserveRealMode);
        if (trampoline != 0) allocations.Add(BootAllocationNames.Trampoline, trampoline, DebianKernelBuild.TrampolineSize);
        else log.Info("No sub-1M memory is available for the trampoline");
        memblock.Reserve(0, DebianKernelBuild.IsaEnd, callers.ReserveLowMegabyte);
        allocations.Add(BootAllocationNames.LowMemory, 0, DebianKernelBuild.IsaEnd);
    }
}
