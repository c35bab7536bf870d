using System.Text;
using Bootemu.Cli;

// Console.Out hands its text to the file descriptor 256 characters at a time: a large boot's dmesg would take tens
// of thousands of write calls. One 64 KiB buffer, flushed before exit, writes the same bytes in a few.
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
Console.SetOut(stdout);
try
{
    return CliRunner.Run(BootemuRoot.Create(), args);
}
finally
{
    stdout.Flush();
}
