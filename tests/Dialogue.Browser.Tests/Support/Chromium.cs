namespace Dialogue.Browser.Tests.Support;

/// <summary>
/// The system Chromium the tests drive (Debian: <c>apt-get install chromium</c>; another path with <c>CHROMIUM_PATH</c>).
/// Playwright's own browser download is never used.
/// </summary>
public static class Chromium
{
    public const string PathVariable = "CHROMIUM_PATH";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool RunningInCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"Chromium is not installed at {ExecutablePath}. Install it (Debian: apt-get install chromium) or set {PathVariable}.";
}

/// <summary>
/// A browser test. Without Chromium it is skipped with the reason shown, but only outside CI: under CI=true it runs and
/// fails with <see cref="Chromium.MissingMessage"/>, so a CI machine without a browser can never pass by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.RunningInCi)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
