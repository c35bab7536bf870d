using System.Collections.Concurrent;
using System.Collections.Immutable;
using Bootemu.Boot;
using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Hotplug.Advice;
using Bootemu.Hotplug.Model;
using Bootemu.Machine;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;
using Bootemu.Tests.Shared;

namespace Bootemu.Hotplug.Tests.Advice;

/// <summary>
/// Advice on a machine, computed once per question for all the tests that ask it (a search boots a thousand machines or
/// more).
/// </summary>
internal static class Advised
{
    private static readonly ConcurrentDictionary<string, Lazy<RemovalAdvice>> Computed = new();

    /// <summary>Advice on a fixture of firmware-tables/ booted with <paramref name="cmdline"/>.</summary>
    public static RemovalAdvice Fixture(string fixture, string cmdline, params int[] nodes) =>
        Ask($"fixture {fixture} {cmdline} {string.Join(",", nodes)}",
            () => MachineLoader.LoadFixture(Path.Combine(RepoPaths.FirmwareTables, fixture)), KernelModel.Default, cmdline, nodes);

    /// <summary>Advice on the machine of a real boot (its srat.bin, console.log and pc-dimms) with the kernel that booted it.</summary>
    public static RemovalAdvice Conformance(string caseName, string kernel, string cmdline, params int[] nodes)
    {
        var c = ConformanceCase.Load(caseName, kernel);
        return Ask($"case {caseName} {kernel} {cmdline} {string.Join(",", nodes)}",
            () => MachineLoader.FromFiles(c.SratPath, null, c.ConsolePath, null) with
            {
                MemoryDevices = c.PcDimms().Select(d => new MemoryDevice(d.Base, d.Size, d.Node)).ToList(),
            }, KernelModel.ForVersion(kernel)!, cmdline, nodes);
    }

    private static RemovalAdvice Ask(string key, Func<MachineDescription> load, KernelModel kernel, string cmdline, int[] nodes) =>
        Computed.GetOrAdd(key, _ => new Lazy<RemovalAdvice>(() =>
        {
            var machine = load();
            var baseline = BootPipeline.Run(machine, KernelCommandLine.Parse(cmdline, kernel.CommandLine), new KernelLog(), kernel);
            return RemovalAdvisor.Advise(new AdviceRequest(machine, kernel, cmdline, [.. nodes], new HotplugSettings()), baseline);
        })).Value;
}
