using System.Diagnostics;
using System.Text.RegularExpressions;
using Bootemu.Tests.Shared;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>
/// The `--format html` memory map drawn by a real browser: Debian's chromium, headless (.ci/run installs it). One
/// page, two browser runs of a few seconds each: a screenshot that must show the map's colours, and the DOM after the
/// page's script ran.
/// </summary>
[NonParallelizable]
public partial class MemoryMapBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const int Width = 1000, Height = 1400;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private string _dir = "";
    private string _page = "";
    private string _html = "";

    [OneTimeSetUp]
    public void RenderPage()
    {
        if (!File.Exists(Chromium)) Assert.Ignore($"{Chromium} is not installed (.ci/run installs Debian's chromium)");
        _dir = Directory.CreateTempSubdirectory("bootemu-browser-").FullName;
        string script = Path.Combine(_dir, "script.yaml");
        File.WriteAllText(script, "steps:\n  - offline_node: 1\n");
        var r = CliHarness.Run("hotplug", Path.Combine(RepoPaths.FirmwareTables, "two-socket-hotplug.yaml"), "--script", script, "--format", "html");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        _html = r.Stdout;
        _page = Path.Combine(_dir, "map.html");
        File.WriteAllText(_page, _html);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (_dir.Length > 0) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Runs headless chromium on the page with <paramref name="action"/> and returns what it printed on standard output.</summary>
    private string Browse(params string[] action)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={Path.Combine(_dir, "profile")}",
                     $"--window-size={Width},{Height}", .. action, new Uri(_page).AbsoluteUri])
            start.ArgumentList.Add(a);
        using var browser = Process.Start(start)!;
        var stdout = browser.StandardOutput.ReadToEndAsync();
        var stderr = browser.StandardError.ReadToEndAsync();
        if (!browser.WaitForExit(Patience))
        {
            browser.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish within {Patience.TotalSeconds} s");
        }
        Assert.That(browser.ExitCode, Is.EqualTo(0), stderr.Result);
        return stdout.Result;
    }

    [Test]
    public void The_screenshot_shows_the_map_in_its_colours()
    {
        string png = Path.Combine(_dir, "map.png");
        Browse($"--screenshot={png}");
        var image = PngPixels.Read(File.ReadAllBytes(png));
        Assert.That((image.Width, image.Height), Is.EqualTo((Width, Height)));
        var colours = image.Histogram();
        Assert.That(colours.Count, Is.GreaterThan(20), "a blank or single-colour page has one or two colours");
        // Solid fills of the map's largest ranges at the top of the page: e820 RAM, zone DMA32, node 0, the details panel.
        foreach (int fill in new[] { 0x7fc97f, 0xfed9a6, 0x8dd3c7, 0xfffbe6 })
            Assert.That(colours.GetValueOrDefault(fill), Is.GreaterThan(500), $"pixels of #{fill:x6}");
    }

    [Test]
    public void After_rendering_the_page_holds_every_range_and_its_script_wired_them_all()
    {
        string dom = Browse("--dump-dom");
        int spans = SpanGroup().Matches(_html).Count;
        Assert.That(spans, Is.GreaterThan(100));
        Assert.That(SpanGroup().Matches(dom).Count, Is.EqualTo(spans));
        Assert.That(dom, Does.Contain($"data-spans-wired=\"{spans}\""));
        Assert.That(dom, Does.Contain("id=\"e820-0\"").And.Contain("id=\"node-0\"").And.Contain("id=\"zone-0-DMA32\"").And.Contain("id=\"block-0\""));
    }

    [GeneratedRegex("<g id=\"[^\"]+\" class=\"span ")]
    private static partial Regex SpanGroup();
}
