using NUnit.Framework;

namespace Bootemu.Cli.Tests;

[NonParallelizable]
public class CliRunnerTests
{
    [Test]
    public void Unknown_verb_is_bad_input_with_exit_code_2()
    {
        var r = CliHarness.Run("frobnicate");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Stderr, Does.StartWith("bootemu: "));
    }
}
