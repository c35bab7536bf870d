using System.Text.Json;
using Bootemu.Tests.Shared;
using Json.Schema;
using NUnit.Framework;

namespace Bootemu.Cli.Tests;

/// <summary>The JSON Schemas in docs/schemas, and a check of a document against one of them.</summary>
public static class JsonSchemas
{
    // JsonSchema.Net registers a schema under its $id once per process; each file is read once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Loaded = new();

    public static JsonSchema Load(string name) =>
        Loaded.GetOrAdd(name, n => new Lazy<JsonSchema>(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "schemas", n))))).Value;

    /// <summary>Fails the test with every place where <paramref name="json"/> breaks the schema.</summary>
    public static void AssertValid(string schemaName, string json, string what)
    {
        using var document = JsonDocument.Parse(json);
        var result = Load(schemaName).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.Fail($"{what} does not follow {schemaName}:\n" + string.Join("\n", errors));
    }
}
