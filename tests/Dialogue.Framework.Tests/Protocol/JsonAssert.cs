using System.Text.Json;
using Xunit.Sdk;

namespace Dialogue.Framework.Tests.Protocol;

/// <summary>Semantic JSON comparison: property order and whitespace do not matter; names, values, nulls and array order do.</summary>
internal static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Equal(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var difference = FindDifference(e.RootElement, a.RootElement, "$");
        if (difference is not null)
        {
            throw new XunitException(
                $"JSON differs at {difference}\nExpected:\n{Pretty(e.RootElement)}\nActual:\n{Pretty(a.RootElement)}");
        }
    }

    private static string Pretty(JsonElement element) => JsonSerializer.Serialize(element, Indented);

    private static string? FindDifference(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (expectedNames.Except(actualNames).FirstOrDefault() is { } missing)
                {
                    return $"{path}.{missing}: missing";
                }

                if (actualNames.Except(expectedNames).FirstOrDefault() is { } extra)
                {
                    return $"{path}.{extra}: not expected (value {actual.GetProperty(extra).GetRawText()})";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    if (FindDifference(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}") is { } d)
                    {
                        return d;
                    }
                }

                return null;

            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}";
                }

                var i = 0;
                foreach (var (x, y) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    if (FindDifference(x, y, $"{path}[{i++}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;

            case JsonValueKind.String:
                return string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal)
                    ? null
                    : $"{path}: expected \"{expected.GetString()}\", got \"{actual.GetString()}\"";

            case JsonValueKind.Number:
                var same = expected.TryGetDecimal(out var m) && actual.TryGetDecimal(out var n)
                    ? m == n
                    : expected.GetRawText() == actual.GetRawText();
                return same ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";

            default:
                return null;
        }
    }
}
