using Bootemu.Core;
using Bootemu.Core.Logging;
using Bootemu.Machine.CommandLine;
using Bootemu.Machine.E820;

namespace Bootemu.Machine.Tests.CommandLine;

/// <summary>KernelCommandLine.Parse against the option rules of docs/linux-6.1-boot-memory.md §5 and the kernel sources it names.</summary>
public class KernelCommandLineTests
{
    private static BootOptions P(string cmdline) => KernelCommandLine.Parse(cmdline);

    // ---- the conformance command lines: nothing reported, options as the boots used them ----

    [Test]
    public void Harness_options_are_all_known_to_the_kernel()
    {
        var o = P("console=ttyS0,115200 loglevel=8 ignore_loglevel nokaslr panic=-1 rdinit=/init movable_node memblock=debug");
        Assert.That(o.KernelMessages, Is.Empty);
        Assert.That((o.MovableNode, o.MemblockDebug), Is.EqualTo((true, true)));
    }

    // ---- movable_node ----

    [TestCase("movable_node")]
    [TestCase("movable_node=0")]
    [TestCase("movable_node=off")]
    [TestCase("movable-node")]
    public void Any_form_of_movable_node_enables_it(string word) => Assert.That(P(word).MovableNode, Is.True);

    // ---- kernelcore= / movablecore= ----

    [Test]
    public void Kernelcore_size_is_kept_in_pages() =>
        Assert.That(P("kernelcore=2G").Kernelcore, Is.EqualTo(new CoreSize(CoreSizeKind.Pages, 0x80000)));

    [Test]
    public void Kernelcore_1GB_reads_as_1G() =>
        Assert.That(P("kernelcore=1GB").Kernelcore, Is.EqualTo(new CoreSize(CoreSizeKind.Pages, 0x40000)));

    [Test]
    public void Kernelcore_percent_with_leading_zero_is_octal() =>
        Assert.That(P("kernelcore=010%").Kernelcore, Is.EqualTo(new CoreSize(CoreSizeKind.Percent, 8)));

    [Test]
    public void Movablecore_percent() =>
        Assert.That(P("movablecore=30%").Movablecore, Is.EqualTo(new CoreSize(CoreSizeKind.Percent, 30)));

    [Test]
    public void Later_kernelcore_overwrites_earlier() =>
        Assert.That(P("kernelcore=50% kernelcore=1G").Kernelcore, Is.EqualTo(new CoreSize(CoreSizeKind.Pages, 0x40000)));

    [Test]
    public void Zero_percent_after_a_size_leaves_the_size_in_force() =>
        Assert.That(P("kernelcore=1G kernelcore=0%").Kernelcore, Is.EqualTo(new CoreSize(CoreSizeKind.Pages, 0x40000)));

    [Test]
    public void Kernelcore_abc_reads_as_zero_with_a_note()
    {
        var o = P("kernelcore=1G kernelcore=abc");
        Assert.That(o.Kernelcore, Is.EqualTo(CoreSize.None));
        Assert.That(o.Notes, Has.Some.EqualTo("kernelcore=abc: the kernel reads 0 and ignores it"));
        Assert.That(o.KernelMessages, Is.Empty); // the handler returns 0: no "Malformed" line
    }

    [Test]
    public void Kernelcore_mirror_is_sticky()
    {
        var o = P("kernelcore=mirror kernelcore=1G");
        Assert.That((o.KernelcoreMirror, o.Kernelcore.Kind), Is.EqualTo((true, CoreSizeKind.Pages)));
    }

    [Test]
    public void Kernelcore_mirror_is_found_among_comma_tokens() => Assert.That(P("kernelcore=foo,mirror").KernelcoreMirror, Is.True);

    [Test]
    public void Kernelcore_mirrored_is_not_mirror() => Assert.That(P("kernelcore=mirrored").KernelcoreMirror, Is.False);

    [Test]
    public void Percent_over_100_is_kept_and_warned_about()
    {
        var o = P("movablecore=150%");
        Assert.That(o.Movablecore, Is.EqualTo(new CoreSize(CoreSizeKind.Percent, 150)));
        Assert.That(o.Notes, Has.Some.StartsWith("movablecore=150%: over 100%; the kernel WARNs in cmdline_parse_core"));
        Assert.That(o.Messages, Is.EqualTo(new[] { new BootMessage(KernelLogLevel.Warning, "------------[ cut here ]------------", CommandLinePhase.EarlyParam) }));
    }

    [Test]
    public void Bare_movablecore_is_malformed()
    {
        var o = P("movablecore");
        Assert.That(o.Messages, Is.EqualTo(new[] { new BootMessage(KernelLogLevel.Warning, "Malformed early option 'movablecore'", CommandLinePhase.EarlyParam) }));
    }

    [Test]
    public void Bare_kernelcore_is_refused_as_the_kernel_faults()
    {
        var e = Assert.Throws<InputException>(() => P("kernelcore"));
        Assert.That(e!.Message, Does.Contain("parse_option_str"));
    }

    [Test]
    public void Movable_node_notes_that_kernelcore_is_ignored() =>
        Assert.That(P("movable_node kernelcore=3G").Notes, Has.Some.Contains("kernelcore= and movablecore= are ignored"));

    // ---- mem= ----

    [Test]
    public void Mem_is_an_address_limit()
    {
        var o = P("mem=7G");
        Assert.That(o.MemLimit, Is.EqualTo(7UL << 30));
        Assert.That(o.EarlyParamSteps.Single().Edit, Is.EqualTo(new E820Edit(E820EditKind.RemoveRamAbove, "mem=7G", Start: 7UL << 30)));
    }

    [TestCase("mem=0")]
    [TestCase("mem=abc")]
    public void Mem_zero_is_malformed_but_still_user_defined(string word)
    {
        var o = P(word);
        Assert.That(o.MemLimit, Is.Null);
        Assert.That(o.KernelMessages, Is.EqualTo(new[] { "Malformed early option 'mem'" }));
        Assert.That(o.E820UserDefined, Is.True);
    }

    [Test]
    public void Mem_nopentium_prints_two_warnings()
    {
        var o = P("mem=nopentium");
        Assert.That(o.KernelMessages, Is.EqualTo(new[] { "mem=nopentium ignored! (only supported on x86_32)", "Malformed early option 'mem'" }));
        Assert.That(o.E820UserDefined, Is.False);
    }

    [Test]
    public void Malformed_line_names_the_option_as_written() =>
        Assert.That(P("numa").KernelMessages, Is.EqualTo(new[] { "Malformed early option 'numa'" }));

    // ---- memmap= ----

    [Test]
    public void Memmap_items_become_edits_in_order()
    {
        var o = P("memmap=exactmap memmap=640K@0,1G@1M memmap=64M$0x18000000 memmap=4G!8G memmap=1M#0x7fe00000");
        Assert.That(o.EarlyParamSteps.Select(s => s.Edit), Is.EqualTo(new[]
        {
            new E820Edit(E820EditKind.Exactmap, "memmap=exactmap"),
            new E820Edit(E820EditKind.Add, "memmap=640K@0", 0, 640UL << 10, To: E820Type.Ram),
            new E820Edit(E820EditKind.Add, "memmap=1G@1M", 1UL << 20, 1UL << 30, To: E820Type.Ram),
            new E820Edit(E820EditKind.Add, "memmap=64M$0x18000000", 0x18000000, 64UL << 20, To: E820Type.Reserved),
            new E820Edit(E820EditKind.Add, "memmap=4G!8G", 8UL << 30, 4UL << 30, To: E820Type.Pram),
            new E820Edit(E820EditKind.Add, "memmap=1M#0x7fe00000", 0x7fe00000, 1UL << 20, To: E820Type.Acpi),
        }));
    }

    [Test]
    public void Memmap_percent_forms()
    {
        var o = P("memmap=1G%4G-1+2,1G%5G+12,1G%6G-1,1G%7G");
        Assert.That(o.EarlyParamSteps.Select(s => s.Edit), Is.EqualTo(new[]
        {
            new E820Edit(E820EditKind.Update, "memmap=1G%4G-1+2", 4UL << 30, 1UL << 30, E820Type.Ram, E820Type.Reserved),
            new E820Edit(E820EditKind.Add, "memmap=1G%5G+12", 5UL << 30, 1UL << 30, To: E820Type.Pram),
            new E820Edit(E820EditKind.Remove, "memmap=1G%6G-1", 6UL << 30, 1UL << 30, From: E820Type.Ram),
            new E820Edit(E820EditKind.Remove, "memmap=1G%7G", 7UL << 30, 1UL << 30),
        }));
    }

    [Test]
    public void Memmap_bare_size_limits_ram_without_setting_the_hotplug_limit()
    {
        var o = P("memmap=6G");
        Assert.That(o.EarlyParamSteps.Single().Edit!.Kind, Is.EqualTo(E820EditKind.RemoveRamAbove));
        Assert.That(o.MemLimit, Is.Null);
    }

    [Test]
    public void Memmap_percent_with_trailing_junk_is_ignored() =>
        Assert.That(P("memmap=1G%4G-1+2x").E820UserDefined, Is.False);

    [Test]
    public void Memmap_item_without_a_size_is_ignored() =>
        Assert.That(P("memmap=junk").E820UserDefined, Is.False);

    [Test]
    public void Memmap_changes_are_silent() => Assert.That(P("memmap=junk,1G@4Gxyz").KernelMessages, Is.Empty);

    // ---- numa=, acpi=, memblock= ----

    [TestCase("numa=off", NumaMode.Off)]
    [TestCase("numa=offline", NumaMode.Off)]   // a prefix match
    [TestCase("numa=noacpi", NumaMode.NoAcpi)]
    [TestCase("numa=noacpi numa=off", NumaMode.Off)]
    [TestCase("numa=off numa=noacpi", NumaMode.Off)]
    [TestCase("numa=bogus", NumaMode.Default)]
    public void Numa_modes(string cmdline, NumaMode mode) => Assert.That(P(cmdline).Numa, Is.EqualTo(mode));

    [TestCase("numa=fake=4", "4")]
    [TestCase("numa=fake=512M", "512M")]
    [TestCase("numa=fake=2U", "2U")]
    [TestCase("numa=fake=4:10,20,20,10", "4:10,20,20,10")]
    [TestCase("numa=fake=", "")]
    [TestCase("numa=fake=2 numa=fake=8", "8")]   // numa_emu_cmdline keeps the last pointer
    [TestCase("numa=off", null)]
    public void Numa_fake_keeps_the_text_after_fake_for_the_emulation(string cmdline, string? fake) =>
        Assert.That(P(cmdline).NumaFake, Is.EqualTo(fake));

    [Test]
    public void Numa_fake_is_read_without_a_note_and_stops_numa_setup()
    {
        // numa_setup returns as soon as it sees "fake=", so "fake=noacpi" is the emulation's text, not numa=noacpi.
        var o = P("numa=fake=noacpi");
        Assert.That((o.Numa, o.NumaFake, o.Notes.Count), Is.EqualTo((NumaMode.Default, "noacpi", 0)));
    }

    [Test]
    public void Acpi_off() => Assert.That(P("acpi=off").AcpiOff, Is.True);

    [Test]
    public void Acpi_force_undoes_acpi_off() => Assert.That(P("acpi=off acpi=force").AcpiOff, Is.False);

    [Test]
    public void Unknown_acpi_value_is_malformed() =>
        Assert.That(P("acpi=on").KernelMessages, Is.EqualTo(new[] { "Malformed early option 'acpi'" }));

    [TestCase("memblock=debug", true)]
    [TestCase("memblock=nodebugger", true)] // strstr
    [TestCase("memblock=quiet", false)]
    [TestCase("memblock", false)]
    public void Memblock_debug_is_a_substring_match(string word, bool on) => Assert.That(P(word).MemblockDebug, Is.EqualTo(on));

    // ---- unknown words ----

    [Test]
    public void Acpi_numa_is_not_a_parameter_on_x86()
    {
        var o = P("acpi_numa=off");
        Assert.That(o.Messages, Is.EqualTo(new[]
        {
            new BootMessage(KernelLogLevel.Notice, "Unknown kernel command line parameters \"acpi_numa=off\", will be passed to user space.", CommandLinePhase.BootingKernel),
        }));
        Assert.That(o.Numa, Is.EqualTo(NumaMode.Default));
    }

    [Test]
    public void Unknown_bare_words_come_before_unknown_values() =>
        Assert.That(P("BOOT_IMAGE=/vmlinuz splash quiet foo=1 bar").UnknownParameters,
            Is.EqualTo(new[] { "splash", "bar", "BOOT_IMAGE=/vmlinuz", "foo=1" }));

    [Test]
    public void Repeated_unknown_value_replaces_the_earlier_one() =>
        Assert.That(P("foo=1 foo=2").UnknownParameters, Is.EqualTo(new[] { "foo=2" }));

    [Test]
    public void Words_with_a_dot_are_unused_module_parameters() => Assert.That(P("nouveau.modeset=0").KernelMessages, Is.Empty);

    [Test]
    public void Home_and_term_replace_inits_defaults_unreported() => Assert.That(P("TERM=vt100 HOME=/root").KernelMessages, Is.Empty);

    [Test]
    public void Words_after_double_dash_are_not_reported()
    {
        var o = P("quiet -- single foo=1");
        Assert.That((o.KernelMessages.Count, o.InitArguments), Is.EqualTo((0, "single foo=1")));
    }

    // ---- memhp_default_state= and memory_hotplug.* ----

    [TestCase("memhp_default_state=online", OnlineType.Online)]
    [TestCase("memhp_default_state=online_movable", OnlineType.OnlineMovable)]
    [TestCase("memhp_default_state=online_kernel", OnlineType.OnlineKernel)]
    [TestCase("memhp_default_state=online memhp_default_state=offline", OnlineType.Offline)]
    [TestCase("memhp_default_state=bogus", null)]
    [TestCase("", null)]
    public void Memhp_default_state(string cmdline, OnlineType? type) => Assert.That(P(cmdline).MemhpDefaultState, Is.EqualTo(type));

    [Test]
    public void Memhp_default_state_bad_value_is_silent_with_a_note()
    {
        var o = P("memhp_default_state=bogus");
        Assert.That((o.KernelMessages.Count, o.Notes.Count), Is.EqualTo((0, 1)));
    }

    [Test]
    public void Retain_initrd_with_a_value_is_an_unknown_parameter()
    {
        // retain_initrd_param declines a word with a value, so obsolete_checksetup does not claim it and it goes to
        // init's environment, which print_unknown_bootoptions lists.
        Assert.That(P("retain_initrd=1 retain_initrd").UnknownParameters, Is.EqualTo(new[] { "retain_initrd=1" }));
    }

    // retain_initrd_param returns 0 (not handled) for any value; '-' and '_' match alike; words after "--" go to init.
    [TestCase("retain_initrd", true)]
    [TestCase("retain-initrd", true)]
    [TestCase("retain_initrd=1", false)]
    [TestCase("quiet -- retain_initrd", false)]
    public void Retain_initrd_takes_only_the_bare_word(string cmdline, bool retained) =>
        Assert.That(P(cmdline).RetainInitrd, Is.EqualTo(retained));

    [Test]
    public void Bare_memhp_default_state_is_unknown() =>
        Assert.That(P("memhp_default_state").UnknownParameters, Is.EqualTo(new[] { "memhp_default_state" }));

    [Test]
    public void Online_policy_auto_movable() =>
        Assert.That(P("memory_hotplug.online_policy=auto-movable").OnlinePolicy, Is.EqualTo(OnlinePolicy.AutoMovable));

    [Test]
    public void Online_policy_bad_value_prints_the_booting_kernel_line()
    {
        var o = P("memory_hotplug.online_policy=auto_movable");
        Assert.That(o.OnlinePolicy, Is.EqualTo(OnlinePolicy.ContigZones));
        Assert.That(o.Messages, Is.EqualTo(new[]
        {
            new BootMessage(KernelLogLevel.Err, "Booting kernel: `auto_movable' invalid for parameter `memory_hotplug.online_policy'", CommandLinePhase.BootingKernel),
        }));
    }

    [TestCase("memory_hotplug.auto_movable_ratio=0x10", 16u)]
    [TestCase("memory_hotplug.auto_movable_ratio=+500", 500u)]
    [TestCase("memory_hotplug.auto_movable_ratio=12x", 301u)]
    [TestCase("memory_hotplug.auto_movable_ratio=4294967296", 301u)]
    [TestCase("memory_hotplug.auto_movable_ratio", 301u)]
    public void Auto_movable_ratio(string word, uint ratio) => Assert.That(P(word).AutoMovableRatio, Is.EqualTo(ratio));

    [Test]
    public void Bare_uint_parameter_is_invalid_with_an_empty_value() =>
        Assert.That(P("memory_hotplug.auto_movable_ratio").KernelMessages,
            Is.EqualTo(new[] { "Booting kernel: `' invalid for parameter `memory_hotplug.auto_movable_ratio'" }));

    [TestCase("memory_hotplug.memmap_on_memory", true)]
    [TestCase("memory_hotplug.memmap_on_memory=Y", true)]
    [TestCase("memory_hotplug.memmap_on_memory=on", true)]
    [TestCase("memory_hotplug.memmap_on_memory=off", false)]
    [TestCase("memory_hotplug.memmap_on_memory=maybe", false)]
    public void Memmap_on_memory_is_a_kernel_bool(string word, bool on) => Assert.That(P(word).MemmapOnMemory, Is.EqualTo(on));

    [Test]
    public void Memmap_on_memory_force_switches_it_on_with_6_12_rules() =>
        Assert.That(KernelCommandLine.Parse("memory_hotplug.memmap_on_memory=force", CommandLineRules.Linux612).MemmapOnMemory, Is.True);

    [Test]
    public void Memmap_on_memory_force_reads_as_false_with_6_1_rules() =>
        // kstrtobool looks at the first letter only: 'f' is false.
        Assert.That(P("memory_hotplug.memmap_on_memory=force").MemmapOnMemory, Is.False);

    [Test]
    public void Bare_memmap_on_memory_is_invalid_with_6_12_rules()
    {
        var o = KernelCommandLine.Parse("memory_hotplug.memmap_on_memory", CommandLineRules.Linux612);
        Assert.That(o.MemmapOnMemory, Is.False);
        Assert.That(o.KernelMessages, Is.EqualTo(new[] { "Booting kernel: `' invalid for parameter `memory_hotplug.memmap_on_memory'" }));
    }

    [TestCase("pti=on")]
    [TestCase("nopti")]
    public void Pti_is_unknown_to_6_1_and_passed_to_init(string word) =>
        Assert.That(P(word).KernelMessages, Has.Some.StartsWith("Unknown kernel command line parameters"));

    [TestCase("pti=on")]
    [TestCase("nopti")]
    public void Pti_is_an_early_param_of_6_12(string word) =>
        Assert.That(KernelCommandLine.Parse(word, CommandLineRules.Linux612).KernelMessages, Is.Empty);

    [TestCase("cma=64M")]
    [TestCase("hugetlb_cma=1G")]
    [TestCase("efi_fake_mem=1G@4G:0x10000")]
    public void Options_of_features_debian_leaves_out_are_unknown(string word)
    {
        Assert.That(P(word).KernelMessages, Has.Some.StartsWith("Unknown kernel command line parameters"));
        Assert.That(KernelCommandLine.Parse(word, CommandLineRules.Linux612).KernelMessages, Has.Some.StartsWith("Unknown kernel command line parameters"));
    }

    [Test]
    public void Auto_movable_numa_aware_off() =>
        Assert.That(P("memory-hotplug.auto-movable-numa-aware=0").AutoMovableNumaAware, Is.False);

    // ---- ordering ----

    [Test]
    public void Early_lines_come_before_booting_kernel_lines_whatever_the_word_order()
    {
        var o = P("memory_hotplug.online_policy=x foo=1 mem=0");
        Assert.That(o.Messages.Select(m => m.Phase), Is.EqualTo(new[] { CommandLinePhase.EarlyParam, CommandLinePhase.BootingKernel, CommandLinePhase.BootingKernel }));
    }
}
