using System.Net;

namespace Bootemu.Boot.Output.MemoryMap;

/// <summary>
/// One self-contained HTML page around the memory map's SVG (inline, so it needs no other file and works offline):
/// hovering a range outlines it (CSS) and shows its details in a panel that stays at the top of the window (a few lines of inline
/// script reading the range's SVG title, which is also the browser's own tooltip). When the script has run,
/// <c>body[data-spans-wired]</c> holds how many ranges it wired, which a headless browser's DOM dump can check.
/// </summary>
public static class MemoryMapHtml
{
    private const string Style =
        "body{margin:0;font-family:sans-serif}" +
        "main{padding:4px}" +
        "#details{position:sticky;top:0;z-index:1;min-height:4.5em;background:#fffbe6;border-bottom:1px solid #999;" +
        "padding:6px 12px;white-space:pre-wrap;font:12px monospace}";

    private const string Script =
        "(function(){" +
        "var panel=document.getElementById('details');" +
        "var spans=document.querySelectorAll('svg.memory-map g.span');" +
        "spans.forEach(function(g){var t=g.querySelector('title');" +
        "g.addEventListener('mouseenter',function(){panel.textContent=t?t.textContent:g.id;});});" +
        "document.body.setAttribute('data-spans-wired',String(spans.length));" +
        "})();";

    public static string Render(MemoryMapPicture picture) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        $"<title>{WebUtility.HtmlEncode(picture.Title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n" +
        "<aside id=\"details\" aria-live=\"polite\">Hover a range to see its details.</aside>\n<main>\n" +
        MemoryMapSvg.Render(picture) +
        "</main>\n" +
        $"<script>{Script}</script>\n</body>\n</html>\n";
}
