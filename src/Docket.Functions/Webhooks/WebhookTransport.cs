using System.Net;
using System.Net.Sockets;
using System.Text;
using Docket.Application.Ports;
using Docket.Application.Webhooks;
using Docket.Domain.Webhooks;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace Docket.Functions.Webhooks;

/// <summary>
/// Sends deliveries as Standard Webhooks 1.0 describes: a JSON POST with <c>webhook-id</c>, <c>webhook-timestamp</c>
/// and <c>webhook-signature</c> (one <c>v1,…</c> per secret, space-separated). Unless insecure targets are allowed,
/// each connection checks the addresses its host name resolves to at that moment (a name that pointed somewhere
/// public when saved cannot be turned to an internal address later), no proxy is used and no redirect followed.
/// </summary>
public sealed class WebhookTransport : IWebhookTransport, IDisposable
{
    const int MaxErrorLength = 500;
    readonly HttpClient http;
    readonly WebhookOptions options;
    readonly TimeProvider clock;

    public WebhookTransport(IOptions<WebhookOptions> options, TimeProvider clock)
    {
        this.options = options.Value;
        this.clock = clock;
        var allowInsecure = this.options.AllowInsecureTargets;
        http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, token) => ConnectAsync(context.DnsEndPoint, allowInsecure, token),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Docket-Webhooks/1.0");
    }

    public async Task<DeliveryOutcome> SendAsync(string url, OutboundMessage message, IReadOnlyList<string> secrets,
        CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(
            System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", string.Join(' ', secrets.Select(secret =>
            new StandardWebhook(secret).Sign(message.Id, timestamp, message.Body))));

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.AttemptTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead,
                attempt.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new DeliveryOutcome(true, status, null, clock.GetUtcNow())
                : new DeliveryOutcome(false, status, Shorten($"answered {status} {response.ReasonPhrase}"),
                    clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(false, null,
                $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s", clock.GetUtcNow());
        }
        catch (HttpRequestException exception)
        {
            var reason = exception.InnerException is RefusedTargetException refused ? refused.Message
                : exception.InnerException?.Message ?? exception.Message;
            return new DeliveryOutcome(false, null, Shorten(reason), clock.GetUtcNow());
        }
    }

    public async Task<string?> TargetProblemAsync(string url, CancellationToken cancellationToken)
    {
        if (options.AllowInsecureTargets || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            // A name that does not resolve now may later; each delivery checks where it leads then.
            return null;
        }
        return addresses.Select(WebhookTargets.ForbiddenRange).FirstOrDefault(r => r is not null) is { } range
            ? $"'{uri.DnsSafeHost}' leads to a {range} address"
            : null;
    }

    static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowInsecure,
        CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        if (!allowInsecure)
            foreach (var address in addresses)
                if (WebhookTargets.ForbiddenRange(address) is { } range)
                    throw new RefusedTargetException(
                        $"refused: '{endPoint.Host}' leads to {address}, a {range} address");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    static string Shorten(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];

    public void Dispose() => http.Dispose();

    sealed class RefusedTargetException(string message) : IOException(message);
}
