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
        LogUnhandled(logger, error, context.Request.Path);
        await Error(StatusCodes.Status500InternalServerError, "ServiceError", "Something went wrong on our side. Try again.")
            .ExecuteAsync(context).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string path);

    private sealed record ErrorBody(ErrorDetail Error);

    private sealed record ErrorDetail(string Code, string Message);
}
