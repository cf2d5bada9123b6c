using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dialogue.Language.Catalog;

/// <summary>The id of one text in the catalog, e.g. <c>prompt.retry</c>.</summary>
[JsonConverter(typeof(TextIdJsonConverter))]
public readonly record struct TextId
{
    public TextId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;

    public static implicit operator TextId(string value) => new(value);
}

internal sealed class TextIdJsonConverter : JsonConverter<TextId>
{
    public override TextId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("A text id cannot be null."));

    public override void Write(Utf8JsonWriter writer, TextId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
