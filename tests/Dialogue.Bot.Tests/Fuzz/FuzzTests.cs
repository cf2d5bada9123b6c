using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Staff;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Demo;
using Dialogue.Tests.Shared;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Fuzz;

/// <summary>
/// Generated and mutated requests against every public endpoint (see <see cref="FuzzGenerator"/>), in process on
/// SQLite. Holds: no 5xx; every 4xx has an error body (JSON, HTML, or Twilio's plain text); every
/// <see cref="CheckEvery"/> requests and at the end the host is ready and a known-good message gets its answer; managed
/// memory after a full GC stays under a generous ceiling. <c>FUZZ_SEED</c> (default <see cref="DefaultSeed"/>) and
/// <c>FUZZ_COUNT</c> (default <see cref="DefaultCount"/>) change the run; the summary (seed, requests per endpoint,
/// status histogram) is printed with <c>--logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    public const int DefaultSeed = 20261206;
    public const int DefaultCount = 10_000;
    private const int CheckEvery = 500;
    private const int Workers = 4;
    private const long MemoryCeilingBytes = 1536L * 1024 * 1024;
    private const string DirectLineSecret = "fuzz-directline-secret-0123456789abcdef";

    /// <summary>How many requests go over real sockets to Kestrel (<c>FUZZ_KESTREL_COUNT</c>): its own parser and limits.</summary>
    public const int DefaultKestrelCount = 1_500;

    [Fact]
    public Task Generated_and_mutated_requests_never_get_a_5xx_and_the_host_keeps_working() =>
        RunAsync(EnvInt("FUZZ_SEED", DefaultSeed), EnvInt("FUZZ_COUNT", DefaultCount), kestrel: false);

    [Fact]
    public Task Over_real_sockets_kestrel_answers_generated_requests_without_a_5xx_too() =>
        RunAsync(EnvInt("FUZZ_SEED", DefaultSeed) + 1, EnvInt("FUZZ_KESTREL_COUNT", DefaultKestrelCount), kestrel: true);

    private async Task RunAsync(int seed, int count, bool kestrel)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db, new()
        {
            ["DirectLine:Secret"] = DirectLineSecret,
            ["RateLimits:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Critical",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
            ["Logging:LogLevel:Dialogue.Bot.Errors"] = Environment.GetEnvironmentVariable("FUZZ_LOG_ERRORS") is { Length: > 0 } ? "Error" : "None",
        });
        var app = sms.App;
        if (kestrel)
        {
            // The real server on a free port: requests go through sockets, Kestrel's HTTP parser and its limits.
            app.StartKestrel();
        }

        var context = await ContextAsync(sms);
        var generator = new FuzzGenerator(seed, context);
        var browser = await WorkspaceBrowser.SignInAsync(app, StaffApiClient.Marte);
        var client = kestrel
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = app.ClientOptions.BaseAddress }
            : app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var perTarget = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();
        var elapsed = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        var gate = new Lock();
        var next = 0;

        async Task WorkerAsync()
        {
            while (true)
            {
                FuzzRequest request;
                int index;
                lock (gate)
                {
                    if (next >= count)
                    {
                        return;
                    }

                    index = next++;
                    request = generator.Next();
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var (status, problem) = await SendAsync(request.WithCookies ? browser : client, request);
                perTarget.AddOrUpdate(request.Target, 1, (_, n) => n + 1);
                var key = request.Target + " " + (request.Notes.Count > 0 ? request.Notes[^1].Split(' ')[0] : "-");
                elapsed.AddOrUpdate(key, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, (_, t) => t + System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (problem is not null)
                {
                    failures.Enqueue($"#{index} {request.Describe()}: {problem}");
                }

                if ((index + 1) % CheckEvery == 0 && await KnownGoodAsync(app, client, index) is { } broken)
                {
                    failures.Enqueue($"after #{index}: {broken}");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkerAsync)));
        var end = await KnownGoodAsync(app, client, count);

        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var memory = GC.GetTotalMemory(forceFullCollection: true);

        var summary = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Fuzz{(kestrel ? " over Kestrel" : string.Empty)}: seed {seed}, {count} requests (FUZZ_SEED / {(kestrel ? "FUZZ_KESTREL_COUNT" : "FUZZ_COUNT")} to change)")
            .AppendLine("Requests per endpoint: " + string.Join(", ", perTarget.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")))
            .AppendLine("Statuses: " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}")))
            .AppendLine(CultureInfo.InvariantCulture, $"Managed memory after GC: {memory / (1024 * 1024)} MB")
            .AppendLine("Time by kind (ms, summed over workers): " + string.Join(", ", elapsed.OrderByDescending(p => p.Value).Take(15).Select(p => $"{p.Key} {p.Value:F0}")))
            .ToString();
        if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } report)
        {
            await File.WriteAllLinesAsync(report, [summary, .. failures]);
        }

        output.WriteLine(summary);
        Console.WriteLine(summary);

        Assert.True(failures.IsEmpty, $"{failures.Count} problems (seed {seed}):\n{string.Join('\n', failures.Take(25))}\n{summary}");
        Assert.Null(end);
        Assert.True(memory < MemoryCeilingBytes, $"Managed memory after the run is {memory / (1024 * 1024)} MB");
        Assert.Equal(count, perTarget.Values.Sum());
    }

    /// <summary>Sends one request; the problem with its answer, or null when it is acceptable.</summary>
    private static async Task<(int Status, string? Problem)> SendAsync(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Path, UriKind.Relative));
        if (request.Body is not null)
        {
            HttpContent content = request.Chunked
                ? new StreamContent(new UnknownLengthStream(request.Body))
                : new ByteArrayContent(request.Body);
            if (!string.IsNullOrEmpty(request.ContentType))
            {
                content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }

            message.Content = content;
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && message.Content is not null)
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception ex)
        {
            return (0, $"the request failed: {ex.GetType().Name}: {ex.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await ReadSomeAsync(response);
            if (status >= 500)
            {
                return (status, $"{status}: {Shorten(body)}");
            }

            // 414 and 431 come from Kestrel's own parser, before the app runs: a status line and no body is all it sends.
            if (status >= 400 && request.Method != "HEAD" && status is not (414 or 431))
            {
                var type = response.Content.Headers.ContentType?.MediaType;
                var twilio = request.Target.StartsWith("twilio", StringComparison.Ordinal);
                var clear = type is "application/json" or "text/html" || (twilio && type == "text/plain");
                if (!clear || string.IsNullOrWhiteSpace(body))
                {
                    return (status, $"{status} without a clear error body (content type '{type}', body '{Shorten(body)}')");
                }
            }

            return (status, null);
        }
    }

    /// <summary>The host answers ready and a known-good message gets an answer; null when so.</summary>
    private static async Task<string?> KnownGoodAsync(DialogueApp app, HttpClient client, int index)
    {
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        if (ready.StatusCode != HttpStatusCode.OK)
        {
            return $"/health/ready answered {(int)ready.StatusCode}";
        }

        var (status, replies) = await app.PostAsync(Activities.Message($"known-good-{index}", "hei"), client);
        return status == HttpStatusCode.OK && replies.Count > 0 ? null : $"a known-good message got {(int)status} with {replies.Count} replies";
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>Real tokens, ids and routes for the generator to use (and break).</summary>
    private static async Task<FuzzContext> ContextAsync(SmsApp sms)
    {
        var app = sms.App;
        var client = app.CreateClient();
        async Task<JsonObject> PostAsync(string path, string bearer, object? body = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        }

        // A token that has expired: issued two hours ago on the app's clock (tokens live an hour).
        var expired = await PostAsync("/v3/directline/tokens/generate", DirectLineSecret, new { user = new { id = "dl_old" } });
        app.Clock.Now += TimeSpan.FromHours(2);

        var a = await PostAsync("/v3/directline/tokens/generate", DirectLineSecret, new { user = new { id = "dl_fuzz" } });
        var started = await PostAsync("/v3/directline/conversations", (string)a["token"]!);
        var b = await PostAsync("/v3/directline/tokens/generate", DirectLineSecret, new { user = new { id = "dl_other" } });
        var other = await PostAsync("/v3/directline/conversations", (string)b["token"]!);

        using var devToken = await client.PostAsJsonAsync(StaffPaths.DevToken, new { ident = StaffApiClient.Marte, password = StaffApiClient.DemoPassword });
        var bearer = (string)(await devToken.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
        using var browser = await WorkspaceBrowser.SignInAsync(app, StaffApiClient.Marte);
        var inbox = await WorkspaceBrowser.GetAsync(browser, StaffPaths.Workspace);
        var formRoutes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith(StaffPaths.Workspace + "/", StringComparison.Ordinal)
                && !raw.StartsWith(StaffPaths.Api, StringComparison.Ordinal)
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(formRoutes);
        var kari = DemoData.For(FakeClock.Wednesday).People.Single(p => p.AccountId == "demo-kari").Person.Id.Value;

        return new FuzzContext(
            DirectLineSecret, (string)started["token"]!, (string)started["conversationId"]!, (string)other["conversationId"]!,
            (string)expired["token"]!, bearer, WorkspaceBrowser.Token(inbox.Body), SmsApp.AuthToken, sms.SignedBaseUrl, kari, formRoutes);
    }

    /// <summary>A body stream that does not tell its length, so the request goes chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
