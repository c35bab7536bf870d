using System.Collections.Immutable;
using System.CommandLine;
using Bootemu.Boot.Model;
using Bootemu.Boot.Output;
using Bootemu.Boot.Output.MemoryMap;
using Bootemu.Boot.Zones;
using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Hotplug;
using Bootemu.Hotplug.Model;
using Bootemu.Hotplug.Output;
using Bootemu.Hotplug.Readiness;

namespace Bootemu.Cli;

/// <summary>
/// `bootemu boot [FIXTURE] [--cmdline "..."] [--srat F] [--acpidump F] [--e820 F] [--slit F] [--bare-metal] [--format text|dmesg|json|zoneinfo|numactl|svg|html]`:
/// boot a machine through the emulated memory path of Linux 6.12 (or 6.1, with --kernel) and show what the kernel decided.
/// </summary>
internal static class BootCommand
{
    internal static readonly ImmutableArray<string> Formats = ["text", "dmesg", "json", "zoneinfo", "numactl", "svg", "html"];

    public static Command Create()
    {
        var command = new Command("boot", "boot a machine through the emulated Linux memory path (6.12 or 6.1) and show its layout");
        var inputs = MachineInputs.AddTo(command);
        var format = new Option<string>("--format") { Description = "output form: text, dmesg, json, zoneinfo, numactl (numactl -H of the booted machine; free is what the page allocator holds right after boot), svg (a picture of the memory map) or html (the picture with hover details)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong([.. Formats]);
        command.Options.Add(format);
        var timestamps = new Option<bool>("--timestamps")
        {
            Description = "with --format dmesg: start every line with printk's time stamp, as a raw dmesg or a serial console shows it; " +
                          "bootemu knows no times, so every stamp is [    0.000000], the time of a real boot's early memory lines",
        };
        command.Options.Add(timestamps);
        var compareLive = CompareLiveOption.AddTo(command);

        command.SetAction(parse =>
        {
            string? liveRoot = compareLive.Root(parse, inputs);
            string chosen = parse.GetValue(format) ?? "text";
            bool stamped = parse.GetValue(timestamps);
            if (stamped && chosen != "dmesg") throw new InputException("--timestamps", "only with --format dmesg");
            var boot = inputs.Boot(parse, new KernelLog());
            if (liveRoot is not null) return CompareLive(boot, inputs.Hypervisor(parse), liveRoot);
            Write(boot, chosen, inputs.Hypervisor(parse), Console.Out, stamped);
            if (chosen is "dmesg" or "zoneinfo" or "numactl" or "json" || MemoryMapFormats.Draws(chosen))
            {
                if (chosen != "json")
                {
                    Console.Error.WriteLine($"bootemu: note: emulated kernel: Linux {boot.Kernel.Version} ({boot.Kernel.Build})");
                    foreach (var note in boot.Notes) Console.Error.WriteLine($"bootemu: note: {note}");
                }
                if (boot.KernelPanics is { } panic) Console.Error.WriteLine($"bootemu: the real kernel could not boot this machine: {panic}");
            }
            return boot.KernelPanics is null ? CliRunner.ExitOk : CliRunner.ExitFindings;
        });
        return command;
    }

    /// <summary>The booted machine (its memory devices hot-added) compared with the live machine it was read from.</summary>
    private static int CompareLive(BootResult boot, bool hypervisor, string root)
    {
        if (boot.KernelPanics is { } panic)
        {
            Console.Error.WriteLine($"bootemu: the emulated kernel could not boot the live machine, so there is nothing to compare: {panic}");
            return CliRunner.ExitFindings;
        }
        var booted = BootMemoryBlocks.FromBoot(boot, new HotplugSettings { Hypervisor = hypervisor }, new KernelLog());
        return CompareLiveOption.Report(booted, root, boot.Notes);
    }

    /// <summary>
    /// Writes the chosen output of a finished boot to <paramref name="output"/>; <paramref name="hypervisor"/> picks the
    /// memory block size dmesg ends with. A machine with memory devices present at boot is shown as the kernel leaves it
    /// once acpi_init has hot-added them. <paramref name="timestamps"/> stamps each dmesg line (<see cref="BootDmesg.ZeroTimestamp"/>).
    /// </summary>
    internal static void Write(BootResult boot, string format, bool hypervisor, TextWriter output, bool timestamps = false)
    {
        var devicesLog = new KernelLog();
        bool devices = boot.MemoryDevices.Count > 0;
        bool assessed = (format is "text" or "json" || MemoryMapFormats.Draws(format)) && boot.Hotpluggable.Any(r => r.PresentAtBoot);
        var booted = (devices || assessed) && boot.KernelPanics is null
            ? BootMemoryBlocks.FromBoot(boot, new HotplugSettings { Hypervisor = hypervisor }, devicesLog)
            : null;
        var afterDevices = devices ? booted : null;
        if (format == "dmesg") WriteDmesg(boot, hypervisor, afterDevices is null ? null : devicesLog, output, timestamps ? BootDmesg.ZeroTimestamp : "");
        else if (MemoryMapFormats.Draws(format))
            output.Write(MemoryMapFormats.Render(BootMemoryMap.Picture(boot, Readiness(boot, booted), MemoryBlockSize.Probe(boot.MaxPfn.Address, hypervisor)), format));
        else output.Write(Render(boot, format, afterDevices, Readiness(boot, booted)));
    }

    /// <summary>
    /// The hot-remove verdicts the boot outputs show, decided by the hotplug rules on the machine a hotplug run starts
    /// from; none to assess without hot-pluggable memory, and null when the kernel panics (hotplug never runs).
    /// </summary>
    private static IReadOnlyList<NodeReadiness>? Readiness(BootResult boot, HotplugMachine? booted)
    {
        if (boot.KernelPanics is not null) return null;
        return booted is null ? [] : HotRemoveReadiness.Assess(boot, booted);
    }

    /// <summary>The chosen output of a finished boot, other than dmesg (which is streamed).</summary>
    private static string Render(BootResult boot, string format, HotplugMachine? afterDevices, IReadOnlyList<NodeReadiness>? readiness) => format switch
    {
        "json" => BootJson.Render(boot, readiness, afterDevices is null ? null : DevicesJson(afterDevices)),
        "zoneinfo" => afterDevices is null ? ZoneinfoRenderer.Render(boot) : ZoneinfoView.Render(afterDevices),
        "numactl" => NumactlHardware.Render(boot),
        "text" => BootTextReport.Render(boot, readiness) + DevicesSection(afterDevices) + NotesSection(boot),
        _ => throw new InputException("--format", $"unknown format '{format}' (expected {string.Join(", ", Formats)})"),
    };

    /// <summary>
    /// The dmesg lines (<see cref="BootDmesg"/>), written as they come (standard output is buffered, see Program.cs)
    /// rather than as one string built first: a 1,024-node boot prints 4.5 MB.
    /// </summary>
    private static void WriteDmesg(BootResult boot, bool hypervisor, KernelLog? afterBoot, TextWriter output, string stamp)
    {
        foreach (var line in BootDmesg.Lines(boot, hypervisor, afterBoot))
        {
            output.Write(stamp);
            output.Write(line);
            output.Write('\n');
        }
    }

    /// <summary>What acpi_init's hot-add did with each memory device present at boot (text report).</summary>
    private static string DevicesSection(HotplugMachine? afterDevices)
    {
        if (afterDevices is null) return "";
        var sb = new System.Text.StringBuilder("\nMemory devices present at boot (hot-added by acpi_memhotplug during acpi_init)\n");
        foreach (var d in afterDevices.DevicesAtBoot)
        {
            sb.Append($"  {Bootemu.Core.Printk.Printk.Mem18(d.Device.Base, d.Device.End - 1)} {ReportSize.Of(d.Device.Size)}: ");
            sb.Append(d.Error is { } e ? $"not added ({e.ToString()}): {d.Detail}" : d.Detail).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The same, for JSON: one object per device with its outcome.</summary>
    private static Action<System.Text.Json.Utf8JsonWriter> DevicesJson(HotplugMachine afterDevices) => w =>
    {
        w.WriteStartArray("memory_devices");
        foreach (var d in afterDevices.DevicesAtBoot)
        {
            w.WriteStartObject();
            w.WriteString("base", $"0x{d.Device.Base:x}");
            w.WriteString("size", $"0x{d.Device.Size:x}");
            if (d.Device.Node is { } n) w.WriteNumber("node", n); else w.WriteNull("node");
            w.WriteBoolean("added", d.Error is null);
            if (d.Error is { } e) w.WriteString("errno", e.ToString()); else w.WriteNull("errno");
            w.WriteString("detail", d.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("zoneinfo_after_devices", ZoneinfoView.Render(afterDevices));
    };

    private static string NotesSection(BootResult boot)
    {
        if (boot.Notes.Count == 0) return "";
        var sb = new System.Text.StringBuilder("\nbootemu notes\n");
        foreach (var note in boot.Notes) sb.Append("  - ").Append(note).Append('\n');
        return sb.ToString();
    }
}
