using System.Collections;
using System.Globalization;
using Dialogue.Plan.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dialogue.Bot.Hosting;

/// <summary>
/// Masks Norwegian national identity numbers (<see cref="NationalIdentityNumber.Mask"/>) in everything any logger
/// provider writes: the formatted message, each structured value, the exception text and scope values. It replaces
/// the logger factory with one whose providers are every registered <see cref="ILoggerProvider"/> wrapped — also those
/// registered after this call. Numbers whose check digits fail (phone numbers, ids) are left alone. Log-level rules
/// per provider (<c>Logging:Console:LogLevel</c>) do not apply to wrapped providers; use <c>Logging:LogLevel</c>.
/// </summary>
public static class MaskingLogging
{
    public static ILoggingBuilder AddNationalIdentityNumberMasking(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new LoggerFactory(
            sp.GetServices<ILoggerProvider>().Select(MaskingLoggerProvider.Wrap),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>())));
        return logging;
    }
}

/// <summary>A provider whose loggers mask what they pass on; the inner provider is owned (and disposed) by the container.</summary>
internal class MaskingLoggerProvider(ILoggerProvider inner) : ILoggerProvider
{
    protected ILoggerProvider Inner { get; } = inner;

    public static ILoggerProvider Wrap(ILoggerProvider provider) => provider switch
    {
        MaskingLoggerProvider => provider,
        ISupportExternalScope => new Scoped(provider),
        _ => new MaskingLoggerProvider(provider),
    };

    public ILogger CreateLogger(string categoryName) => new MaskingLogger(Inner.CreateLogger(categoryName));

    public void Dispose()
    {
        GC.SuppressFinalize(this);
    }

    /// <summary>For providers that read scopes themselves (the console): they get the scopes masked.</summary>
    private sealed class Scoped(ILoggerProvider provider) : MaskingLoggerProvider(provider), ISupportExternalScope
    {
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) =>
            ((ISupportExternalScope)Inner).SetScopeProvider(new MaskingScopeProvider(scopeProvider));
    }
}

internal sealed class MaskingLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(MaskedState.ForScope(state) ?? state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        var maskedMessage = NationalIdentityNumber.Mask(message);
        var maskedException = MaskedException.From(exception);
        var values = MaskedState.Values(state as IEnumerable<KeyValuePair<string, object?>>);
        if (string.Equals(maskedMessage, message, StringComparison.Ordinal) && values is null && ReferenceEquals(maskedException, exception))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        var masked = new MaskedState(values ?? (state as IEnumerable<KeyValuePair<string, object?>>)?.ToList() ?? [], maskedMessage);
        inner.Log(logLevel, eventId, masked, maskedException, static (s, _) => s.ToString());
    }
}

/// <summary>Structured log state with masked values and a masked message (what <see cref="ToString"/> gives).</summary>
internal sealed class MaskedState(IReadOnlyList<KeyValuePair<string, object?>> values, string message) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => values.Count;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => message;

    /// <summary>The values with numbers masked, or null when none needed it (so the original state can be passed on).</summary>
    public static List<KeyValuePair<string, object?>>? Values(IEnumerable<KeyValuePair<string, object?>>? state)
    {
        if (state is null)
        {
            return null;
        }

        var list = state.ToList();
        var changed = false;
        for (var i = 0; i < list.Count; i++)
        {
            var (key, value) = list[i];
            if (value is null or bool or Enum || key == "{OriginalFormat}")
            {
                continue;
            }

            var text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
            var masked = NationalIdentityNumber.Mask(text);
            if (!string.Equals(masked, text, StringComparison.Ordinal))
            {
                list[i] = new(key, masked);
                changed = true;
            }
        }

        return changed ? list : null;
    }

    /// <summary>A scope's state with numbers masked, or null when nothing needed it.</summary>
    public static object? ForScope(object? scope)
    {
        switch (scope)
        {
            case null:
                return null;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var text = scope.ToString();
                var maskedText = NationalIdentityNumber.Mask(text);
                var values = Values(pairs);
                return values is null && string.Equals(text, maskedText, StringComparison.Ordinal) ? null : new MaskedState(values ?? pairs.ToList(), maskedText ?? string.Empty);
            default:
                var plain = Convert.ToString(scope, CultureInfo.InvariantCulture);
                var masked = NationalIdentityNumber.Mask(plain);
                return string.Equals(plain, masked, StringComparison.Ordinal) ? null : masked;
        }
    }
}

/// <summary>Gives the inner provider's scope reader masked scopes.</summary>
internal sealed class MaskingScopeProvider(IExternalScopeProvider inner) : IExternalScopeProvider
{
    public void ForEachScope<TState>(Action<object?, TState> callback, TState state) =>
        inner.ForEachScope((scope, s) => callback(MaskedState.ForScope(scope) ?? scope, s), state);

    public IDisposable Push(object? state) => inner.Push(state);
}

/// <summary>Stands in for an exception whose text holds a national identity number: the same text, masked.</summary>
internal sealed class MaskedException : Exception
{
    private readonly string _text;

    private MaskedException(Exception original, string text)
        : base(NationalIdentityNumber.Mask(original.Message))
    {
        _text = text;
        HResult = original.HResult;
    }

    public MaskedException()
    {
        _text = string.Empty;
    }

    public MaskedException(string message)
        : base(message)
    {
        _text = message;
    }

    public MaskedException(string message, Exception innerException)
        : base(message, innerException)
    {
        _text = message;
    }

    /// <summary>The exception itself when its text holds no number, else a masked stand-in.</summary>
    public static Exception? From(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        var text = exception.ToString();
        var masked = NationalIdentityNumber.Mask(text);
        return string.Equals(text, masked, StringComparison.Ordinal) ? exception : new MaskedException(exception, masked);
    }

    public override string? StackTrace => null;

    public override string ToString() => _text;
}
