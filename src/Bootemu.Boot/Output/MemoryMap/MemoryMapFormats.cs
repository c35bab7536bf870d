namespace Bootemu.Boot.Output.MemoryMap;

/// <summary>The two `--format` values that draw the memory map, shared by `boot` and `hotplug`.</summary>
public static class MemoryMapFormats
{
    public static bool Draws(string format) => format is "svg" or "html";

    /// <summary>The picture as a bare SVG document (svg) or a page around it (html).</summary>
    public static string Render(MemoryMapPicture picture, string format) =>
        format == "svg" ? MemoryMapSvg.Render(picture) : MemoryMapHtml.Render(picture);
}
