using System.Xml.Linq;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>`--format svg` and `--format html` of `boot` and `hotplug`: the memory-map picture through the command line.</summary>
[NonParallelizable]
public class MemoryMapCommandTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static string TwoSocket => Path.Combine(RepoPaths.FirmwareTables, "two-socket-hotplug.yaml");

    private static int Count(XElement svg, string lane) =>
        svg.Descendants(Svg + "g").Count(g => ((string?)g.Attribute("class") ?? "").StartsWith($"span {lane} ", StringComparison.Ordinal));

    [Test]
    public void Boot_svg_prints_one_svg_document_and_its_notes_go_to_standard_error()
    {
        var r = CliHarness.Run("boot", TwoSocket, "--format", "svg");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var svg = XElement.Parse(r.Stdout);
        Assert.That(svg.Name, Is.EqualTo(Svg + "svg"));
        Assert.That(Count(svg, "e820"), Is.GreaterThan(0));
        Assert.That(r.Stderr, Does.StartWith("bootemu: note: emulated kernel: Linux 6.12"));
    }

    [Test]
    public void Boot_html_names_the_hot_remove_verdict_of_node_1_on_its_range()
    {
        var r = CliHarness.Run("boot", TwoSocket, "--format", "html", "--cmdline", "");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.StartWith("<!DOCTYPE html>").And.Contain("<svg class=\"memory-map\""));
        Assert.That(r.Stdout, Does.Contain("hot-remove: NOT removable: "));
    }

    [Test]
    public void Hotplug_svg_draws_the_blocks_after_the_script()
    {
        string script = Path.Combine(Directory.CreateTempSubdirectory("bootemu-map-").FullName, "s.yaml");
        File.WriteAllText(script, "steps:\n  - offline_node: 1\n");
        try
        {
            var r = CliHarness.Run("hotplug", TwoSocket, "--script", script, "--format", "svg");
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            var svg = XElement.Parse(r.Stdout);
            var blocks = svg.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class") ?? "").StartsWith("span blocks ", StringComparison.Ordinal)).ToList();
            Assert.That(blocks, Has.Count.EqualTo(32), "RAM ends at 66 GiB, so bare metal has 2 GiB blocks: 33, less the one of the PCI hole");
            Assert.That(blocks.Count(b => b.Attribute("class")!.Value.Contains("block-offline", StringComparison.Ordinal)), Is.EqualTo(16), "node 1's 32 GiB");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        }
    }
}
