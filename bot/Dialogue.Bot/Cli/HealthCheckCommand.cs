namespace Dialogue.Bot.Cli;

/// <summary>
/// <c>healthcheck [--url URL]</c>: GETs the running host's <c>/health/live</c> (the container's HEALTHCHECK; the
/// runtime image has no curl). The address is the first of <c>ASPNETCORE_URLS</c> (a wildcard host becomes 127.0.0.1),
/// else <c>ASPNETCORE_HTTP_PORTS</c>, else http://127.0.0.1:8080. Exit 0 on a 2xx answer, 1 otherwise, 2 on a usage error.
/// </summary>
internal static class HealthCheckCommand
{
    public const string LivePath = "/health/live";
    private const string Usage = "Usage: healthcheck [--url http://127.0.0.1:8080/health/live]";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Uri url;
        switch (args)
        {
            case []:
                url = DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
                break;
            case ["--url", var given] when Uri.TryCreate(given, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https":
                url = parsed;
                break;
            default:
                error.WriteLine($"healthcheck: unexpected arguments. {Usage}");
                return 2;
        }

        try
        {
            using var client = new HttpClient { Timeout = Timeout };
            using var response = client.GetAsync(url, cancellationToken).GetAwaiter().GetResult();
            output.WriteLine($"{url} {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            error.WriteLine($"healthcheck: {url} did not answer ({ex.GetType().Name}).");
            return 1;
        }
    }

    /// <summary>Where this host listens, as seen from inside its container.</summary>
    public static Uri DefaultUrl(string? aspNetCoreUrls, string? httpPorts)
    {
        var first = aspNetCoreUrls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (first is not null)
        {
            var rest = first["http://".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var authority = slash < 0 ? rest : rest[..slash];
            var colon = authority.LastIndexOf(':');
            var port = colon >= 0 && int.TryParse(authority[(colon + 1)..], out var p) ? p : 80;
            var host = colon >= 0 ? authority[..colon] : authority;
            if (host is "+" or "*" or "0.0.0.0" or "[::]" or "")
            {
                host = "127.0.0.1";
            }

            return new Uri($"http://{host}:{port}{LivePath}");
        }

        var firstPort = httpPorts?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return new Uri($"http://127.0.0.1:{(int.TryParse(firstPort, out var hp) ? hp : 8080)}{LivePath}");
    }
}
