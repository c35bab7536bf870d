namespace Bootemu.Boot.Output.MemoryMap;

/// <summary>Where one span is drawn: its lane's column and its track inside the lane (overlapping spans get tracks side by side).</summary>
public readonly record struct PlacedSpan(MapSpan Span, double X, double Y, double Width, double Height);

/// <summary>A lane's column: its left edge and width.</summary>
public readonly record struct PlacedLane(MapLane Lane, double X, double Width, IReadOnlyList<PlacedSpan> Spans);

/// <summary>
/// Lays a <see cref="MemoryMapPicture"/> out: lanes as columns left to right after the address gutter, addresses
/// growing downwards on an <see cref="AddressScale"/> over every span's start and end. Spans of one lane that overlap
/// (interleaved nodes, say) go to separate tracks, each as wide as a lane of one track.
/// </summary>
public sealed class MemoryMapLayout
{
    public const double Margin = 12;
    public const double Gutter = 140;
    public const double TrackWidth = 120;
    public const double LaneGap = 8;

    public AddressScale Scale { get; }
    public IReadOnlyList<PlacedLane> Lanes { get; }

    /// <summary>The right edge of the last lane.</summary>
    public double Right { get; }

    private MemoryMapLayout(AddressScale scale, IReadOnlyList<PlacedLane> lanes, double right)
    {
        Scale = scale;
        Lanes = lanes;
        Right = right;
    }

    public static MemoryMapLayout Of(IReadOnlyList<MapLane> lanes, double top)
    {
        var scale = AddressScale.Over(lanes.SelectMany(l => l.Spans).SelectMany(s => new[] { s.Start, s.End }), top);
        var placed = new List<PlacedLane>();
        double x = Margin + Gutter;
        foreach (var lane in lanes)
        {
            var tracks = Tracks(lane.Spans);
            int count = Math.Max(1, tracks.Count == 0 ? 1 : tracks.Max() + 1);
            double laneX = x;
            var spans = lane.Spans.Select((s, i) =>
            {
                double y = scale.Y(s.Start);
                return new PlacedSpan(s, laneX + tracks[i] * TrackWidth, y, TrackWidth, scale.Y(s.End) - y);
            }).ToList();
            placed.Add(new PlacedLane(lane, laneX, count * TrackWidth, spans));
            x += count * TrackWidth + LaneGap;
        }
        return new MemoryMapLayout(scale, placed, x - LaneGap);
    }

    /// <summary>The track of each span (in the given order): the first whose last span ended at or before it starts.</summary>
    private static List<int> Tracks(IReadOnlyList<MapSpan> spans)
    {
        var ends = new List<ulong>();
        var result = new int[spans.Count];
        foreach (int i in Enumerable.Range(0, spans.Count).OrderBy(i => spans[i].Start).ThenByDescending(i => spans[i].End))
        {
            int track = ends.FindIndex(end => end <= spans[i].Start);
            if (track < 0) { ends.Add(spans[i].End); track = ends.Count - 1; }
            else ends[track] = spans[i].End;
            result[i] = track;
        }
        return [.. result];
    }
}
