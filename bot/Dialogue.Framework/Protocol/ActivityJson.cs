using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace Dialogue.Framework.Protocol;

/// <summary>
/// The one JSON setup for the wire protocol: camelCase names, null fields left out, names read case-insensitively,
/// dates in ISO 8601 with their offset, unknown fields kept (<c>Properties</c> on every type), strict JSON otherwise
/// (no comments, no trailing commas, no numbers in strings). Letters such as æ, ø and å are written as they are;
/// HTML-sensitive characters are still escaped.
/// </summary>
public static class ActivityJson
{
    /// <summary>Read-only; copy with <c>new JsonSerializerOptions(ActivityJson.Options)</c> to change anything.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return JsonSerializer.Serialize(activity, Options);
    }

    /// <summary>Reads one activity. Null for the JSON literal <c>null</c>; <see cref="JsonException"/> for anything that is not an activity object.</summary>
    public static Activity? Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<Activity>(json, Options);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters = { new Iso8601DateTimeOffsetConverter() },
        };
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>
/// ISO 8601 dates for the wire. Writes UTC values with <c>Z</c> (as the spec asks for <c>timestamp</c>) and other
/// values with their offset (so <c>localTimestamp</c> keeps the sender's offset), with up to 7 fractional digits and
/// no trailing zeros. Reads any ISO 8601 date-time; one without an offset is taken as UTC.
/// </summary>
internal sealed class Iso8601DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private const string UtcFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'";
    private const string OffsetFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected an ISO 8601 date-time string, found {reader.TokenType}.");
        }

        if (!reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException("Expected an ISO 8601 date-time string.");
        }

        // Without an offset the reader would assume the server's local zone; the wire means UTC.
        if (reader.TryGetDateTime(out var dateTime) && dateTime.Kind == DateTimeKind.Unspecified)
        {
            return new DateTimeOffset(dateTime, TimeSpan.Zero);
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var format = value.Offset == TimeSpan.Zero ? UtcFormat : OffsetFormat;
        writer.WriteStringValue(value.ToString(format, CultureInfo.InvariantCulture));
    }
}
