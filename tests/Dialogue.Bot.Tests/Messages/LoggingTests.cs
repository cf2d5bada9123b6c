using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Dialogue.Bot.Tests.Auth;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>What people write is sensitive: it may appear in logs at Debug only, never at Information or above.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Message_text_never_reaches_logs_above_debug()
    {
        var logs = new CapturedLogs();
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db,
            services => services.AddSingleton<ILoggerProvider>(logs),
            host => host.UseSetting("Logging:LogLevel:Default", "Debug"));
        const string Secret = "hemmelig-tekst-4711";

        await app.SayAsync("logging", "hei");
        await app.SayAsync("logging", Secret);
        await app.SayAsync("logging", "{ broken " + Secret);

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug && e.Message.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("test/logging", StringComparison.Ordinal));
    }
}
