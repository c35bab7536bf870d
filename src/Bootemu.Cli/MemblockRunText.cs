using Bootemu.Memblock;
using Bootemu.Memblock.Scenarios;

namespace Bootemu.Cli;

/// <summary>
/// The text form of a memblock scenario run: the kernel log the calls produced (if any), the final
/// state in the kernel's own memblock_dump_all format, capacities, each allocation's address, the
/// calls that returned an error, and the expectation check.
/// </summary>
internal static class MemblockRunText
{
    public static void Write(MemblockScenarioResult result, TextWriter output)
    {
        var mb = result.Memblock;
        output.WriteLine($"kernel: Linux {mb.Rules.Version}");
        if (mb.Panic is { } panic) output.WriteLine($"the kernel panics: {panic}");
        if (mb.Log.Lines.Count > 0)
        {
            output.WriteLine("kernel log:");
            foreach (var line in mb.Log.Lines) output.WriteLine(line.Text);
            output.WriteLine();
        }

        foreach (var line in mb.DumpLines()) output.WriteLine(line);
        output.WriteLine($" memory.max = {mb.Memory.Max} reserved.max = {mb.Reserved.Max}");

        if (result.Allocs.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("allocations:");
            foreach (var (id, address) in result.Allocs) output.WriteLine($" {id} = {ExpectationChecker.AddressText(address)}");
        }

        var failed = result.Outcomes.Where(o => o.Op is not AllocOp && o.Result != 0).ToList();
        if (failed.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("calls that failed:");
            foreach (var o in failed) output.WriteLine($" {o.Op.Location}: {o.Op.Name} returned {o.Result}");
        }

        if (result.Scenario.Expect is null) return;
        output.WriteLine();
        if (result.ExpectationsHold)
        {
            output.WriteLine("expect: every part holds");
            return;
        }
        output.WriteLine($"expect: {result.Differences.Count} part(s) differ");
        foreach (var d in result.Differences)
        {
            output.WriteLine($" {d.Location}: {d.What}");
            output.WriteLine($"   expected {d.Expected}");
            output.WriteLine($"   actual   {d.Actual}");
        }
    }
}
