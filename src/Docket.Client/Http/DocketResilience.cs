using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Docket.Client.Http;

/// <summary>
/// Retries transient failures with exponential back-off that honours Retry-After, but only requests that are safe
/// to repeat. GET, HEAD, PUT and DELETE are; a POST or PATCH only when the client marked it so
/// (<see cref="SafeToRetry"/>): Docket's uploads, priority and assignment calls state an end result and change
/// nothing when repeated, while next, finalize, save, submit, skip, issue, resolve, move and create calls would
/// act twice.
/// </summary>
public static class DocketResilience
{
    /// <summary>Set on a request to say whether repeating it is safe, overriding the method's default.</summary>
    public static readonly HttpRequestOptionsKey<bool> SafeToRetry = new("Docket.SafeToRetry");

    static readonly HashSet<HttpMethod> IdempotentMethods = [HttpMethod.Get, HttpMethod.Head, HttpMethod.Put,
        HttpMethod.Delete];

    public static bool IsSafeToRetry(HttpRequestMessage? request) =>
        request is not null && (request.Options.TryGetValue(SafeToRetry, out var safe) ? safe
            : IdempotentMethods.Contains(request.Method));

    /// <summary>Total timeout, then retries, then a timeout per try.</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddDocketResilience(
        this ResiliencePipelineBuilder<HttpResponseMessage> builder, DocketClientOptions options)
    {
        return builder
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.TotalTimeout })
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && IsSafeToRetry(args.Context.GetRequestMessage())
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(DocketClientOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>().AddDocketResilience(options).Build();

    /// <summary>Points an HttpClient at Docket as the caller; timeouts are left to the resilience pipeline.</summary>
    public static void Configure(HttpClient http, DocketClientOptions options)
    {
        if (options.BaseAddress is null) throw new ArgumentException("DocketClientOptions.BaseAddress is required.",
            nameof(options));
        var root = options.BaseAddress.ToString();
        http.BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/");
        if (options.ApiKey is { Length: > 0 } key)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        http.Timeout = Timeout.InfiniteTimeSpan;
    }
}
