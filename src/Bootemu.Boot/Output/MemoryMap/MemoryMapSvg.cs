using System.Globalization;
using System.Xml;

namespace Bootemu.Boot.Output.MemoryMap;

/// <summary>
/// Draws a <see cref="MemoryMapPicture"/> as one SVG document: title and notes, a legend of the colours drawn, the lane
/// names, then every span as a group <c>&lt;g id class="span LANE CLASSES" data-start data-end&gt;</c> holding its
/// <c>&lt;title&gt;</c> (the hover text), its rectangle and its label, with the address of every boundary in the gutter.
/// Written with XmlWriter, so every name the machine supplies is escaped.
/// </summary>
public static class MemoryMapSvg
{
    public const string Namespace = "http://www.w3.org/2000/svg";

    private const double LineHeight = 14;
    private const double LegendColumn = 340;
    private const double MinWidth = 760;

    public static string Render(MemoryMapPicture picture)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, NewLineChars = "\n" }))
            Write(picture, xml);
        output.Write('\n');
        return output.ToString();
    }

    private static void Write(MemoryMapPicture picture, XmlWriter xml)
    {
        var used = picture.Lanes.SelectMany(l => l.Spans).SelectMany(s => s.Classes.Split(' ')).ToHashSet();
        var legend = MapStyle.Classes.Where(c => used.Contains(c.Class)).ToList();

        double y = MemoryMapLayout.Margin + 16;
        double notesTop = y + 6;
        double legendTop = notesTop + picture.Notes.Count * LineHeight + 8;
        // The legend's width depends on the lanes' and the lanes' top on the legend's height: lay the lanes out once to
        // learn the width (the scale's top only shifts every y), then again at their real top.
        double width = Math.Max(MinWidth, MemoryMapLayout.Of(picture.Lanes, 0).Right + MemoryMapLayout.Margin);
        int columns = Math.Max(1, (int)((width - 2 * MemoryMapLayout.Margin) / LegendColumn));
        int legendRows = (legend.Count + columns - 1) / columns;
        double lanesTop = legendTop + legendRows * LineHeight + 12;
        var layout = MemoryMapLayout.Of(picture.Lanes, lanesTop + 20);
        double height = layout.Scale.Bottom + MemoryMapLayout.Margin + 4;

        xml.WriteStartElement("svg", Namespace);
        xml.WriteAttributeString("class", "memory-map");
        xml.WriteAttributeString("width", Number(width));
        xml.WriteAttributeString("height", Number(height));
        xml.WriteAttributeString("viewBox", $"0 0 {Number(width)} {Number(height)}");
        xml.WriteAttributeString("role", "img");
        xml.WriteElementString("title", Namespace, XmlText(picture.Title));
        xml.WriteElementString("style", Namespace, MapStyle.Css());

        Text(xml, "title", MemoryMapLayout.Margin, y, picture.Title);
        for (int i = 0; i < picture.Notes.Count; i++)
            Text(xml, "note", MemoryMapLayout.Margin, notesTop + (i + 1) * LineHeight - 3, picture.Notes[i]);
        WriteLegend(xml, legend, columns, legendTop);
        WriteAddresses(xml, layout);
        foreach (var lane in layout.Lanes) WriteLane(xml, lane, lanesTop);
        xml.WriteEndElement();
    }

    private static void WriteLegend(XmlWriter xml, IReadOnlyList<MapClass> legend, int columns, double top)
    {
        xml.WriteStartElement("g", Namespace);
        xml.WriteAttributeString("class", "legend");
        for (int i = 0; i < legend.Count; i++)
        {
            double x = MemoryMapLayout.Margin + (i % columns) * LegendColumn, y = top + (i / columns) * LineHeight;
            xml.WriteStartElement("g", Namespace);
            xml.WriteAttributeString("class", "legend-entry " + legend[i].Class);
            Rect(xml, x, y + 1, 11, 11);
            Text(xml, null, x + 16, y + 11, legend[i].Label);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>A grid line and the address at every boundary.</summary>
    private static void WriteAddresses(XmlWriter xml, MemoryMapLayout layout)
    {
        xml.WriteStartElement("g", Namespace);
        xml.WriteAttributeString("class", "addresses");
        foreach (ulong address in layout.Scale.Boundaries)
        {
            double y = layout.Scale.Y(address);
            xml.WriteStartElement("line", Namespace);
            xml.WriteAttributeString("class", "grid");
            xml.WriteAttributeString("x1", Number(MemoryMapLayout.Margin + MemoryMapLayout.Gutter - 4));
            xml.WriteAttributeString("x2", Number(layout.Right));
            xml.WriteAttributeString("y1", Number(y));
            xml.WriteAttributeString("y2", Number(y));
            xml.WriteEndElement();
            xml.WriteStartElement("text", Namespace);
            xml.WriteAttributeString("class", "addr");
            xml.WriteAttributeString("x", Number(MemoryMapLayout.Margin + MemoryMapLayout.Gutter - 8));
            xml.WriteAttributeString("y", Number(y + 3.5));
            xml.WriteAttributeString("text-anchor", "end");
            xml.WriteString(Hex(address));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void WriteLane(XmlWriter xml, PlacedLane lane, double top)
    {
        xml.WriteStartElement("g", Namespace);
        xml.WriteAttributeString("class", "lane");
        xml.WriteAttributeString("id", "lane-" + lane.Lane.Id);
        Text(xml, "lane-name", lane.X + 2, top + 12, lane.Lane.Name);
        foreach (var placed in lane.Spans)
        {
            var s = placed.Span;
            xml.WriteStartElement("g", Namespace);
            xml.WriteAttributeString("id", XmlText(s.Id));
            xml.WriteAttributeString("class", $"span {lane.Lane.Id} {s.Classes}");
            xml.WriteAttributeString("data-start", Hex(s.Start));
            xml.WriteAttributeString("data-end", Hex(s.End));
            xml.WriteElementString("title", Namespace, XmlText(s.Details));
            Rect(xml, placed.X + 2, placed.Y, placed.Width - 4, placed.Height);
            if (placed.Height >= LineHeight - 2)
                Text(xml, null, placed.X + 5, placed.Y + Math.Min(placed.Height / 2 + 4, 12), Fit(s.Label, placed.Width - 8));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>The label cut to what fits in <paramref name="width"/> pixels of 11px sans-serif (about 6.2 px a character).</summary>
    private static string Fit(string label, double width)
    {
        int max = (int)(width / 6.2);
        return label.Length <= max ? label : label[..Math.Max(0, max - 1)] + "…";
    }

    private static void Rect(XmlWriter xml, double x, double y, double width, double height)
    {
        xml.WriteStartElement("rect", Namespace);
        xml.WriteAttributeString("x", Number(x));
        xml.WriteAttributeString("y", Number(y));
        xml.WriteAttributeString("width", Number(width));
        xml.WriteAttributeString("height", Number(height));
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string? cssClass, double x, double y, string text)
    {
        xml.WriteStartElement("text", Namespace);
        if (cssClass is not null) xml.WriteAttributeString("class", cssClass);
        xml.WriteAttributeString("x", Number(x));
        xml.WriteAttributeString("y", Number(y));
        xml.WriteString(XmlText(text));
        xml.WriteEndElement();
    }

    /// <summary>
    /// <paramref name="text"/> with every character XML cannot hold (control characters, lone surrogates), which names
    /// read from a table or a command line may contain, replaced by U+FFFD: XmlWriter escapes markup but refuses these.
    /// </summary>
    public static string XmlText(string text)
    {
        if (!text.Any(c => !XmlConvert.IsXmlChar(c))) return text;
        var clean = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) clean.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) clean.Append(text, i++, 2);
            else clean.Append('\uFFFD');
        }
        return clean.ToString();
    }

    public static string Hex(ulong address) => "0x" + address.ToString("x", CultureInfo.InvariantCulture);

    private static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
