using Bootemu.Cli;

namespace Bootemu.Cli.Tests;

/// <summary>Runs the real `bootemu` command tree in-process and captures what it prints.</summary>
public static class CliHarness
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var savedOut = Console.Out;
        var savedErr = Console.Error;
        try
        {
            // Verbs write to Console.Out/Error; capture both for the duration of the call.
            Console.SetOut(stdout);
            Console.SetError(stderr);
            int code = CliRunner.Run(BootemuRoot.Create(), args);
            return new Result(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedErr);
        }
    }
}
