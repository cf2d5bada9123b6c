using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Identity;

/// <summary>
/// A one-time code a veileder gives a person so they can link a chat (web chat) to their case. Only a salted
/// SHA-256 hash of the code is stored; the code itself is shown once, to the veileder who issued it.
/// </summary>
public sealed class LinkCode
{
    public required Guid Id { get; init; }

    public required PersonId PersonId { get; init; }

    /// <summary>16 random bytes, hex.</summary>
    public required string Salt { get; init; }

    /// <summary>SHA-256 over the salt's bytes and the code's UTF-8 digits, hex.</summary>
    public required string Hash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When a chat was linked with it. A code works once.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>When a newer code for the same person replaced it.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsable(DateTimeOffset now) => UsedAt is null && RevokedAt is null && now < ExpiresAt;

    public bool Matches(string code) =>
        CryptographicOperations.FixedTimeEquals(Convert.FromHexString(Hash), LinkCodes.HashOf(Convert.FromHexString(Salt), code));
}

/// <summary>Link codes as stored for the turn (or the command) that uses them. Nothing is saved until its commit.</summary>
public interface ILinkCodeStore
{
    /// <summary>Codes neither used nor revoked (some may have expired), tracked so changes to them are saved.</summary>
    Task<IReadOnlyList<LinkCode>> OpenCodesAsync(CancellationToken cancellationToken);

    void Add(LinkCode code);

    /// <summary>Links a channel account to a person's case (see <see cref="PersonResolver"/>).</summary>
    void Link(string channelId, string accountId, PersonId person, DateTimeOffset at);
}

/// <summary>A code just issued: shown once, never stored as it is.</summary>
public sealed record IssuedLinkCode(string Code, DateTimeOffset ExpiresAt, PersonId PersonId);

/// <summary>
/// Issuing and redeeming link codes: six digits from a cryptographic random source, valid for 24 hours, once. A new
/// code for a person revokes the ones before it. Two usable codes never share their digits, so a code names one
/// person only.
/// </summary>
public static class LinkCodes
{
    public const int Digits = 6;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal)
    {
        "kode", "koden", "koda", "koa", "min", "mi", "er", "e", "her", "jeg", "eg", "æ", "je", "har", "fikk", "fått",
        "det", "den", "sin", "nummer", "nr", "pin",
    };

    public static async Task<IssuedLinkCode> IssueAsync(
        ILinkCodeStore store, PersonId person, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var open = await store.OpenCodesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var old in open.Where(c => c.PersonId == person && c.RevokedAt is null))
        {
            old.RevokedAt = now;
        }

        var usable = open.Where(c => c.IsUsable(now)).ToList();
        string code;
        do
        {
            code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        }
        while (usable.Any(c => c.Matches(code)));

        var salt = RandomNumberGenerator.GetBytes(16);
        var issued = new IssuedLinkCode(code, now + Lifetime, person);
        store.Add(new LinkCode
        {
            Id = Guid.NewGuid(),
            PersonId = person,
            Salt = Convert.ToHexString(salt),
            Hash = Convert.ToHexString(HashOf(salt, code)),
            CreatedAt = now,
            ExpiresAt = issued.ExpiresAt,
        });
        return issued;
    }

    /// <summary>
    /// Links the account to the case whose usable code this is, and uses the code up. Null when no usable code has
    /// these digits: wrong, expired, used or revoked all look the same to the caller, on purpose.
    /// </summary>
    public static async Task<PersonId?> RedeemAsync(
        ILinkCodeStore store, string code, string channelId, string accountId, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var match = (await store.OpenCodesAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => c.IsUsable(now) && c.Matches(code));
        if (match is null)
        {
            return null;
        }

        match.UsedAt = now;
        store.Link(channelId, accountId, match.PersonId, now);
        return match.PersonId;
    }

    /// <summary>
    /// Reads a message that is a code and nothing else: "123456", "123 456", "123-456", "koden er 123456".
    /// </summary>
    public static bool TryRead(string? text, out string code)
    {
        code = string.Empty;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 60)
        {
            return false;
        }

        var digits = new StringBuilder();
        foreach (var raw in text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Trim('.', ',', '!', ':', ';', '"', '\'', '(', ')');
            if (token.Length == 0 || FillerWords.Contains(token))
            {
                continue;
            }

            if (!token.All(c => char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }

            digits.Append(token.Where(char.IsAsciiDigit).ToArray());
        }

        if (digits.Length != Digits)
        {
            return false;
        }

        code = digits.ToString();
        return true;
    }

    internal static byte[] HashOf(byte[] salt, string code)
    {
        var input = new byte[salt.Length + Encoding.UTF8.GetByteCount(code)];
        salt.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(code, input.AsSpan(salt.Length));
        return SHA256.HashData(input);
    }
}
