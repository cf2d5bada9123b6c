using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dialogue.Bot.Auth;
using Dialogue.Cases.Health;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;

namespace Dialogue.Bot.Channels;

/// <summary>
/// Sends a reply the Bot Framework Connector way:
/// <c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}</c>, with the bot's own token
/// (<see cref="ConnectorTokens"/>) when it has an app id. A token that cannot be had means "try again later"; a token
/// the Connector refuses (401) is dropped and the send is tried again with a new one. The token is never sent over
/// plain http except to this machine.
/// </summary>
public sealed class ConnectorTransport(IHttpClientFactory httpClients, ConnectorTokens tokens, DependencyMonitor dependencies) : IOutboundTransport
{
    public const string HttpClientName = "connector";

    public async Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Uri.TryCreate(message.ServiceUrl, UriKind.Absolute, out var serviceUrl)
            || (serviceUrl.Scheme != Uri.UriSchemeHttp && serviceUrl.Scheme != Uri.UriSchemeHttps))
        {
            return new DeliveryResult(DeliveryOutcome.Rejected, $"Not an http(s) serviceUrl: '{message.ServiceUrl}'.");
        }

        var path = $"v3/conversations/{Uri.EscapeDataString(message.ConversationId)}/activities";
        if (!string.IsNullOrEmpty(message.ReplyToId))
        {
            path += "/" + Uri.EscapeDataString(message.ReplyToId);
        }

        var url = new Uri(new Uri(serviceUrl.AbsoluteUri.TrimEnd('/') + "/"), path);
        if (tokens.Enabled && serviceUrl.Scheme != Uri.UriSchemeHttps && !serviceUrl.IsLoopback)
        {
            return new DeliveryResult(DeliveryOutcome.Rejected, $"Refused to send the bot's token over plain http to {serviceUrl.Authority}.");
        }

        string? token;
        try
        {
            token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorTokenException ex)
        {
            dependencies.Failed(Dependency.BotFramework, DependencyErrorKinds.Token);
            return new DeliveryResult(DeliveryOutcome.Retry, $"No Bot Connector token: {ex.Message}");
        }

        using var content = new StringContent(message.ActivityJson, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var client = httpClients.CreateClient(HttpClientName);
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            dependencies.Unanswered(Dependency.BotFramework, ex);
            throw;
        }

        using var response = sent;
        // A refusal of one reply (an unknown conversation, say) says nothing about the Connector; of the bot's token it does.
        dependencies.Answered(Dependency.BotFramework, response.StatusCode);
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Sent;
        }

        var error = $"{(int)response.StatusCode} {response.ReasonPhrase} from {url.GetLeftPart(UriPartial.Authority)}";
        if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null)
        {
            tokens.Invalidate(token);
            return new DeliveryResult(DeliveryOutcome.Retry, error + " (token dropped; a new one is fetched)");
        }

        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => new DeliveryResult(DeliveryOutcome.Retry, error, RetryAfter(response)),
            HttpStatusCode.RequestTimeout => new DeliveryResult(DeliveryOutcome.Retry, error),
            >= HttpStatusCode.InternalServerError => new DeliveryResult(DeliveryOutcome.Retry, error, RetryAfter(response)),
            _ => new DeliveryResult(DeliveryOutcome.Rejected, error),
        };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
}
