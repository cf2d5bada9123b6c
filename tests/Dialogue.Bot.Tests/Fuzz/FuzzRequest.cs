namespace Dialogue.Bot.Tests.Fuzz;

/// <summary>One generated request: where it goes, what it carries, and a short note on how it was made (for the report).</summary>
public sealed class FuzzRequest
{
    public required string Target { get; init; }

    public required string Method { get; init; }

    public required string Path { get; set; }

    public byte[]? Body { get; set; }

    public string? ContentType { get; set; }

    /// <summary>Send the body without a Content-Length (chunked).</summary>
    public bool Chunked { get; set; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Use the signed-in browser (cookies) instead of a fresh client.</summary>
    public bool WithCookies { get; set; }

    public List<string> Notes { get; } = [];

    public string Describe() => $"{Method} {Path} [{Target}] {string.Join(", ", Notes)}";
}

/// <summary>What the generator may put in requests that must look real: tokens, ids, a conversation that exists.</summary>
public sealed record FuzzContext(
    string DirectLineSecret,
    string DirectLineToken,
    string DirectLineConversation,
    string OtherConversation,
    string ExpiredToken,
    string StaffBearer,
    string FormToken,
    string TwilioAuthToken,
    string TwilioSignedBase,
    Guid KariId,
    IReadOnlyList<string> StaffFormRoutes);
