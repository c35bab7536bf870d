namespace Bootemu.Fuzz.Targets;

/// <summary>Every fuzz target, by name.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } =
        ["srat", "slit", "acpidump", "srat-yaml", "slit-yaml", "fixture", "e820", "cmdline", "memblock", "hotplug", "boot"];

    /// <summary>A fresh target (some hold a temporary folder or a booted machine).</summary>
    public static FuzzTarget Create(string name) => name switch
    {
        "srat" => new SratTarget(),
        "slit" => new SlitTarget(),
        "acpidump" => new AcpiDumpTarget(),
        "srat-yaml" => new SratYamlTarget(),
        "slit-yaml" => new SlitYamlTarget(),
        "fixture" => new FixtureTarget(),
        "e820" => new E820Target(),
        "cmdline" => new CmdlineTarget(),
        "memblock" => new MemblockTarget(),
        "hotplug" => new HotplugTarget(),
        "boot" => new BootTarget(),
        _ => throw new ArgumentException($"unknown target '{name}' (targets: {string.Join(", ", Names)})"),
    };
}
