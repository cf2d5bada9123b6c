using System.Security.Cryptography;
using System.Text;

namespace Dialogue.Bot.Channels.Sms;

/// <summary>
/// Twilio's webhook signature (<c>X-Twilio-Signature</c>): base64 HMAC-SHA1, keyed with the account's auth token,
/// over the full URL Twilio called followed by every POST parameter as name + value, sorted by name. A URL is also
/// accepted with its default port added or removed, as Twilio's own validators do, since proxies differ there.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(form);
        var data = new StringBuilder(url);

        // Repeated names (rare in webhooks) contribute each value, in ordinal order, each with its name.
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(hash);
    }

    /// <summary>True when <paramref name="signature"/> is Twilio's signature of this request; compared in constant time.</summary>
    public static bool IsValid(string authToken, string url, IReadOnlyCollection<KeyValuePair<string, string>> form, string? signature)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var given = Encoding.ASCII.GetBytes(signature);
        var valid = false;
        foreach (var candidate in UrlVariants(url))
        {
            // Every candidate is checked, so the time taken does not depend on which one matched.
            valid |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(authToken, candidate, form)), given);
        }

        return valid;
    }

    /// <summary>The URL as given, and the same URL with its default port written out or left out.</summary>
    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort)
        {
            yield break;
        }

        // The rest of the URL is kept exactly as given: Twilio signs it byte for byte, encoding included.
        var withoutPort = $"{uri.Scheme}://{uri.Authority}";
        var withPort = $"{uri.Scheme}://{uri.Host}:{uri.Port}";
        if (url.StartsWith(withPort, StringComparison.OrdinalIgnoreCase))
        {
            yield return withoutPort + url[withPort.Length..];
        }
        else if (url.StartsWith(withoutPort, StringComparison.OrdinalIgnoreCase))
        {
            yield return withPort + url[withoutPort.Length..];
        }
    }
}
