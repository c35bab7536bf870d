using System.CommandLine;
using Bootemu.Core;
using Bootemu.Machine.Generation;

// fixturegen: writes a generated machine fixture (see README, "Machine fixtures"). The generation
// itself lives in Bootemu.Machine.Generation; this is only the command line around it.

var nodes = new Option<int>("--nodes") { Description = "proximity domains (1-1024)", DefaultValueFactory = _ => 2 };
var entries = new Option<int>("--entries-per-node") { Description = "SRAT memory entries per node above 4 GiB", DefaultValueFactory = _ => 1 };
var cpus = new Option<int>("--cpus-per-node") { Description = "CPUs per node", DefaultValueFactory = _ => 2 };
var share = new Option<double>("--hotplug-share") { Description = "share of nodes (from the last) that are hot-pluggable, 0-1", DefaultValueFactory = _ => 0 };
var total = new Option<string?>("--total") { Description = "memory above 4 GiB in all, shared by the nodes (e.g. 512G)" };
var nodeSize = new Option<string?>("--node-size") { Description = "memory per node above 4 GiB (default 16G)" };
var holes = new Option<string>("--holes") { Description = "none, between-nodes or between-entries", DefaultValueFactory = _ => "none" };
var noSlit = new Option<bool>("--no-slit") { Description = "leave out the SLIT" };
var name = new Option<string?>("--name") { Description = "the fixture's name" };
var cmdline = new Option<string?>("--cmdline") { Description = "the fixture's default kernel command line" };
var output = new Option<string>("--output", "-o") { Description = "the fixture file to write", Required = true };
var force = new Option<bool>("--force") { Description = "replace the output file(s) if they exist" };
var binaryTables = new Option<bool>("--binary-tables") { Description = "write the SRAT and SLIT as binary files beside the fixture (NAME.srat.bin, NAME.slit.bin) and refer to them; loads much faster for huge tables" };

var root = new RootCommand("Generate a bootemu machine fixture (deterministic: the same options give the same file).");
foreach (Option option in new Option[] { nodes, entries, cpus, share, total, nodeSize, holes, noSlit, name, cmdline, output, force, binaryTables })
    root.Options.Add(option);

root.SetAction(parse =>
{
    var options = new MachineGeneratorOptions
    {
        Nodes = parse.GetValue(nodes),
        EntriesPerNode = parse.GetValue(entries),
        CpusPerNode = parse.GetValue(cpus),
        HotplugShare = parse.GetValue(share),
        Total = parse.GetValue(total) is { } t ? SizeParser.Parse(t, "--total") : null,
        NodeSize = parse.GetValue(nodeSize) is { } s ? SizeParser.Parse(s, "--node-size") : null,
        Holes = parse.GetValue(holes) switch
        {
            "none" => HolePattern.None,
            "between-nodes" => HolePattern.BetweenNodes,
            "between-entries" => HolePattern.BetweenEntries,
            var h => throw new InputException("--holes", $"'{h}' is not none, between-nodes or between-entries"),
        },
        Slit = !parse.GetValue(noSlit),
        Name = parse.GetValue(name),
        CommandLine = parse.GetValue(cmdline),
    };
    GeneratedMachine generated;
    try { generated = MachineGenerator.Generate(options); }
    catch (ArgumentOutOfRangeException e) { throw new InputException("options", e.Message.Split(" (Parameter")[0]); }
    string path = parse.GetValue(output)!;
    bool replace = parse.GetValue(force);
    if (parse.GetValue(binaryTables))
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        string sratFile = stem + ".srat.bin";
        string? slitFile = generated.Machine.Slit is null ? null : stem + ".slit.bin";
        FixtureFile.Write(Path.Combine(dir, sratFile), generated.Machine.Srat!.Value.ToArray(), replace);
        if (slitFile is not null) FixtureFile.Write(Path.Combine(dir, slitFile), generated.Machine.Slit!.Value.ToArray(), replace);
        FixtureFile.Write(path, generated.FixtureYamlWithTableFiles(sratFile, slitFile), replace);
    }
    else
        FixtureFile.Write(path, generated.FixtureYaml, replace);
    Console.WriteLine($"fixturegen: wrote {path}: {generated.Machine.Description}");
    return 0;
});

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"fixturegen: {error.Message}");
    return 2;
}
try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (InputException e)
{
    Console.Error.WriteLine($"fixturegen: {e.OneLine}");
    return 2;
}
