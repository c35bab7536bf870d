using Bootemu.Machine.Live;
using NUnit.Framework;

namespace Bootemu.Machine.Tests.Live;

/// <summary>/dev/kmsg records read as the dmesg lines a saved log holds.</summary>
public class KernelMessageDeviceTests
{
    [Test]
    public void A_record_becomes_a_dmesg_line_with_its_timestamp()
    {
        Assert.That(KernelMessageDevice.LogLine("6,3,1234567,-;BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"),
            Is.EqualTo("[    1.234567] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable"));
    }

    [Test]
    public void The_dictionary_lines_after_a_record_are_dropped()
    {
        Assert.That(KernelMessageDevice.LogLine("6,900,5000000,-,caller=T1;usb 1-1: new device\n SUBSYSTEM=usb\n DEVICE=c189:1\n"),
            Is.EqualTo("[    5.000000] usb 1-1: new device"));
    }

    [Test]
    public void A_line_without_the_prefix_is_kept_as_it_is()
    {
        Assert.That(KernelMessageDevice.LogLine("no prefix here\n"), Is.EqualTo("no prefix here"));
    }
}
