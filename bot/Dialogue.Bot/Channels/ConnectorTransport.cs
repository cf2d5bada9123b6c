using System.Net;
using System.Text;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;

namespace Dialogue.Bot.Channels;

/// <summary>
/// Sends a reply the Bot Framework Connector way:
/// <c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}</c>.
/// </summary>
public sealed class ConnectorTransport(IHttpClientFactory httpClients) : IOutboundTransport
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
        using var content = new StringContent(message.ActivityJson, Encoding.UTF8, "application/json");
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Sent;
        }

        var error = $"{(int)response.StatusCode} {response.ReasonPhrase} from {url.GetLeftPart(UriPartial.Authority)}";
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
