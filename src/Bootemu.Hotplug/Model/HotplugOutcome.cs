namespace Bootemu.Hotplug.Model;

/// <summary>
/// The result of one hotplug operation: the machine afterwards (unchanged on failure), and either success or
/// the errno userspace would see with a one-line reason.
/// </summary>
public sealed record HotplugOutcome(HotplugMachine Machine, Errno? Error, string Detail)
{
    public bool Succeeded => Error is null;

    public static HotplugOutcome Ok(HotplugMachine machine, string detail = "") => new(machine, null, detail);

    public static HotplugOutcome Fail(HotplugMachine unchanged, Errno error, string reason) => new(unchanged, error, reason);
}
