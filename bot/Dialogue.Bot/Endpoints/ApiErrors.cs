using Microsoft.AspNetCore.Diagnostics;

namespace Dialogue.Bot.Endpoints;

/// <summary>Short JSON error bodies in the Bot Framework shape: <c>{"error": {"code": "...", "message": "..."}}</c>.</summary>
public static partial class ApiErrors
{
    public static IResult Error(int statusCode, string code, string message) =>
        Results.Json(new ErrorBody(new ErrorDetail(code, message)), statusCode: statusCode);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static async Task WriteUnhandledAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dialogue.Bot.Errors");
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;

        // The caller's mistake, found while reading the request (a body that does not bind, a form over the limits or
        // not a form at all): a 400 (or the status the framework chose) with a clear error, not a 500.
        if (CallerError(error) is { } bad)
        {
            LogBadRequest(logger, context.Request.Path, bad.Status);
            await Error(bad.Status, bad.Status == StatusCodes.Status413PayloadTooLarge ? "PayloadTooLarge" : "BadArgument", bad.Message)
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        LogUnhandled(logger, error, context.Request.Path);
        await Error(StatusCodes.Status500InternalServerError, "ServiceError", "Something went wrong on our side. Try again.")
            .ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>The status and message for an exception that is the caller's fault, or null when it is ours.</summary>
    internal static (int Status, string Message)? CallerError(Exception? error) => error switch
    {
        BadHttpRequestException bad when bad.StatusCode is >= 400 and < 500 => (bad.StatusCode, bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "The request body has a content type this address does not take.",
            _ => "The request body could not be read. Check that it is well-formed and has the expected fields and types.",
        }),
        InvalidDataException => (StatusCodes.Status400BadRequest, "The form could not be read: it is malformed or over the size limits."),
        _ => null,
    };

    /// <summary>
    /// A body for an error answer that has none (405, a 404 from routing, a 400 from a framework check): the same JSON
    /// error shape, so every caller gets a clear reason.
    /// </summary>
    public static Task WriteEmptyStatusAsync(Microsoft.AspNetCore.Diagnostics.StatusCodeContext status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var http = status.HttpContext;
        var code = http.Response.StatusCode;
        var (name, message) = code switch
        {
            StatusCodes.Status400BadRequest => ("BadArgument", "The request could not be understood."),
            StatusCodes.Status401Unauthorized => ("Unauthorized", "Sign in or send valid credentials."),
            StatusCodes.Status403Forbidden => ("Forbidden", "You do not have access to this."),
            StatusCodes.Status404NotFound => ("NotFound", "There is nothing at this address."),
            StatusCodes.Status405MethodNotAllowed => ("MethodNotAllowed", "This address does not take that method."),
            StatusCodes.Status413PayloadTooLarge => ("PayloadTooLarge", "The request body is too large."),
            StatusCodes.Status415UnsupportedMediaType => ("UnsupportedMediaType", "The request body has a content type this address does not take."),
            _ => ("Error", "The request could not be handled."),
        };
        return Error(code, name, message).ExecuteAsync(http);
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Refused an unreadable request to {Path} with {Status}")]
    private static partial void LogBadRequest(ILogger logger, string path, int status);

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string path);

    private sealed record ErrorBody(ErrorDetail Error);

    private sealed record ErrorDetail(string Code, string Message);
}
