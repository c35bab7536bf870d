using Bootemu.Boot.Numa;

namespace Bootemu.Boot.Tests.Numa;

/// <summary>One node_distance entry, read through the row the pipeline reads (<see cref="NumaResult.DistancesFrom"/>).</summary>
internal static class NodeDistanceProbe
{
    public static int NodeDistance(this NumaResult numa, int from, int to)
    {
        var row = new int[to + 1];
        numa.DistancesFrom(from, row);
        return row[to];
    }
}
