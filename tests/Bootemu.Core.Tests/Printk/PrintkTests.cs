using Bootemu.Core.Printk;
using NUnit.Framework;

namespace Bootemu.Core.Tests.Printk;

// Expected strings are copied from real Linux 6.1 console logs (tests/conformance).
public class PrintkTests
{
    [Test]
    public void AltHex_of_zero_prints_0x_prefix_and_pads_to_field_width() =>
        Assert.That(Core.Printk.Printk.Mem10(0, 0x9ffff), Is.EqualTo("[mem 0x00000000-0x0009ffff]"));

    [Test]
    public void AltHex_never_truncates_values_wider_than_the_field() =>
        Assert.That(Core.Printk.Printk.Mem10(0x100000000, 0x17fffffff), Is.EqualTo("[mem 0x100000000-0x17fffffff]"));

    [Test]
    public void Mem18_pads_to_sixteen_digits() =>
        Assert.That(Core.Printk.Printk.Mem18(0x1000, 0xffffff), Is.EqualTo("[mem 0x0000000000001000-0x0000000000ffffff]"));

    [Test]
    public void Pa_is_always_sixteen_digits() =>
        Assert.That(Core.Printk.Printk.Pa(0x10000), Is.EqualTo("0x0000000000010000"));

    [Test]
    public void AltHex_without_width_prints_bare_0x0_for_zero() =>
        Assert.That(Core.Printk.Printk.AltHex(0UL), Is.EqualTo("0x0"));

    [Test]
    public void Mem10_prints_the_top_of_the_address_space_in_full() =>
        // e820: remove [mem 0x1c0000000-0xfffffffffffffffe] usable (mem= removes up to ~0 - 1)
        Assert.That(Core.Printk.Printk.Mem10(0x1c0000000, 0xfffffffffffffffe), Is.EqualTo("[mem 0x1c0000000-0xfffffffffffffffe]"));
}
