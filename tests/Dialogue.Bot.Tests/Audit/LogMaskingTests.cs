using Dialogue.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.Audit;

/// <summary>
/// The masking wrapper the host puts around every logger provider: a valid national identity number never reaches a
/// provider — not in the formatted message, a structured value, the exception text or a scope — while phone numbers and
/// numbers with wrong check digits pass unchanged.
/// </summary>
public sealed partial class LogMaskingTests
{
    private const string Fnr = "24128512353";
    private const string DNumber = "61019012335";
    private const string Masked = "***********";

    [Fact]
    public void A_number_in_a_message_argument_is_masked_in_the_message_and_the_structured_value()
    {
        var (logger, logs) = Create();

        LogPerson(logger, $"fnr {Fnr}", 4799990001);

        var entry = Assert.Single(logs.Entries);
        Assert.Equal($"Looked up fnr {Masked} (phone 4799990001)", entry.Message);
        Assert.Equal($"fnr {Masked}", Value(entry, "Who"));
        Assert.Equal("4799990001", Value(entry, "Phone"));
        Assert.Equal("Looked up {Who} (phone {Phone})", Value(entry, "{OriginalFormat}"));
        Assert.DoesNotContain(Fnr, entry.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_structured_values_and_d_numbers_are_masked_too()
    {
        var (logger, logs) = Create();

        logger.LogWarning("Numbers {Number} and {Text}", long.Parse(DNumber, System.Globalization.CultureInfo.InvariantCulture), "x" + DNumber);

        var entry = Assert.Single(logs.Entries);
        Assert.Equal($"Numbers {Masked} and x{Masked}", entry.Message);
        Assert.Equal(Masked, Value(entry, "Number"));
        Assert.DoesNotContain(DNumber, entry.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_text_is_masked_inner_exceptions_included()
    {
        var (logger, logs) = Create();
        Exception thrown;
        try
        {
            try
            {
                throw new FormatException($"bad input '{Fnr}'");
            }
            catch (FormatException inner)
            {
                throw new InvalidOperationException($"failed for {DNumber}", inner);
            }
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        logger.LogError(thrown, "Lookup failed");

        var entry = Assert.Single(logs.Entries);
        Assert.Equal("Lookup failed", entry.Message);
        Assert.NotNull(entry.Exception);
        Assert.Contains($"failed for {Masked}", entry.Exception, StringComparison.Ordinal);
        Assert.Contains($"bad input '{Masked}'", entry.Exception, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", entry.Exception, StringComparison.Ordinal);
        Assert.DoesNotContain(Fnr, entry.Exception, StringComparison.Ordinal);
        Assert.DoesNotContain(DNumber, entry.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public void Phone_numbers_and_wrong_check_digits_pass_through_untouched_with_their_exception()
    {
        var (logger, logs) = Create();
        var error = new InvalidOperationException("order 12345678901");

        logger.LogInformation(error, "SMS from {From} about {Order}", "+4799990001", "12345678901");

        var entry = Assert.Single(logs.Entries);
        Assert.Equal("SMS from +4799990001 about 12345678901", entry.Message);
        Assert.Equal("12345678901", Value(entry, "Order"));
        Assert.Contains("order 12345678901", entry.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public void Scopes_read_by_a_provider_are_masked()
    {
        var scopes = new ScopeReader();
        using var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(scopes).AddNationalIdentityNumberMasking())
            .BuildServiceProvider();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Test");

        using (logger.BeginScope("Request for /person/{Fnr}", Fnr))
        using (logger.BeginScope($"plain {DNumber}"))
        {
            logger.LogInformation("inside");
        }

        var seen = Assert.Single(scopes.Seen);
        Assert.Equal([$"Request for /person/{Masked}", $"plain {Masked}"], seen);
    }

    private static (ILogger Logger, LogRecorder Logs) Create()
    {
        var logs = new LogRecorder();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddNationalIdentityNumberMasking())
            .AddSingleton<ILoggerProvider>(logs) // registered after the masking: wrapped all the same
            .BuildServiceProvider();
        return (services.GetRequiredService<ILoggerFactory>().CreateLogger("Test"), logs);
    }

    private static string? Value(LogRecorder.Entry entry, string key) => entry.Values.Single(v => v.Key == key).Value;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Looked up {Who} (phone {Phone})")]
    private static partial void LogPerson(ILogger logger, string who, long phone);

    /// <summary>A provider that reads scopes from the factory's scope provider, as the console does.</summary>
    private sealed class ScopeReader : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public List<List<string>> Seen { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Reader(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Reader(ScopeReader provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                provider._scopes?.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? string.Empty), scopes);
                provider.Seen.Add(scopes);
            }
        }
    }
}
