using Microsoft.Playwright;

namespace Dialogue.Browser.Tests.Support;

/// <summary>
/// One headless Chromium for a test class (started once, closed after the class). Each test gets its own browser
/// context (cookies, storage) through <see cref="RunAsync"/>, which saves a screenshot to <c>artifacts/</c> when the
/// test fails and fails the test on any script error or console error the page reported.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where failure screenshots go: <c>tests/Dialogue.Browser.Tests/artifacts/</c> (gitignored).</summary>
    public static string ArtifactsDirectory { get; } = FindArtifactsDirectory();

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            // Locally the tests are skipped before they get here; under CI this is the failure that says why.
            return;
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>Runs <paramref name="test"/> with a fresh page (Norwegian locale, a laptop-sized window).</summary>
    public async Task RunAsync(string name, Func<IPage, Task> test)
    {
        Assert.True(_browser is not null, Chromium.MissingMessage);
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "nb-NO",
            TimezoneId = "Europe/Oslo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // Generous: the machine may be busy (a build beside the tests); a passing run does not wait for these.
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(45_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"script error: {error}");
        page.Console += (_, message) =>
        {
            // The browser asks every site for /favicon.ico by itself; the staff pages have none, and that 404 is not the page's.
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                problems.Add($"console error: {message.Text} ({message.Location})");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };

        try
        {
            await test(page);
            Assert.True(problems.Count == 0, $"The page reported errors:\n{string.Join('\n', problems)}");
        }
        catch
        {
            await ScreenshotAsync(page, name);
            throw;
        }
    }

    /// <summary>A full-page screenshot in the artifacts folder; never hides the test's own failure.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        try
        {
            Directory.CreateDirectory(ArtifactsDirectory);
            var file = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, file + ".png"), FullPage = true });
        }
        catch (PlaywrightException)
        {
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    private static string FindArtifactsDirectory()
    {
        // bin/{Configuration}/{TargetFramework}/ → the project folder.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dialogue.Browser.Tests.csproj")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts");
    }
}
