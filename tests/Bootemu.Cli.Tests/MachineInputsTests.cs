using System.CommandLine;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>The inputs that say which machine to boot are one set, described alike by every verb that boots a machine.</summary>
public class MachineInputsTests
{
    private static readonly string[] SharedOptions = ["--cmdline", "--srat", "--acpidump", "--e820", "--slit", "--bare-metal"];

    private static Command Verb(string name) => BootemuRoot.Create().Subcommands.Single(c => c.Name == name);

    private static string? Description(Command verb, string option) => verb.Options.Single(o => o.Name == option).Description;

    [TestCaseSource(nameof(SharedOptions))]
    public void Boot_and_hotplug_describe_the_option_alike(string option)
    {
        Assert.That(Description(Verb("hotplug"), option), Is.EqualTo(Description(Verb("boot"), option)));
    }

    [Test]
    public void Boot_and_hotplug_name_and_describe_the_fixture_argument_alike()
    {
        var boot = Verb("boot").Arguments.Single();
        var hotplug = Verb("hotplug").Arguments.Single();
        Assert.That((hotplug.Name, hotplug.Description), Is.EqualTo((boot.Name, boot.Description)));
    }
}
