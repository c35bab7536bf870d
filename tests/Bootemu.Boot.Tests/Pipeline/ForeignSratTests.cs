using Bootemu.Boot.Kernel;
using Bootemu.Core.Logging;
using Bootemu.Machine;
using NUnit.Framework;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.Fixtures;

namespace Bootemu.Boot.Tests.Pipeline;

/// <summary>SRATs of other architectures booted through the x86_64 path: their CPUs are named for what they are.</summary>
public class ForeignSratTests
{
    private static IReadOnlyList<string> Notes(string cpuEntry)
    {
        var machine = MachineLoader.LoadFixture($"""
            srat:
              entries:
                - {cpuEntry}
                - memory: {"{"}pxm: 0, base: 0x0, length: 0x80000000, enabled: true{"}"}
            """, "test.yaml", ".");
        return BootPipeline.Run(machine, KernelCommandLine.Parse(""), new KernelLog(), KernelModel.Linux61).Notes;
    }

    [Test]
    public void Gicc_only_srat_is_named_an_arm64_machine() =>
        Assert.That(Notes("gicc: {pxm: 0, processor_uid: 0, enabled: true}"),
            Has.One.StartsWith("the SRAT describes an arm64 machine (GICC Affinity entries, no local APIC or x2APIC entry)"));

    [Test]
    public void Rintc_only_srat_is_named_a_risc_v_machine() =>
        Assert.That(Notes("rintc: {pxm: 0, processor_uid: 0, enabled: true}"),
            Has.One.StartsWith("the SRAT describes a RISC-V machine"));

    [Test]
    public void Apic_srat_keeps_its_cpus() =>
        Assert.That(Notes("apic: {pxm: 0, apic_id: 0, enabled: true}"), Has.None.Contains("no CPU").And.None.Contains("describes"));
}
