using Docket.Application.Health;
using Docket.Functions.OpenApi;
using Microsoft.Extensions.Logging;
using Api = Docket.Contracts;

namespace Docket.Functions.Health;

public sealed class HealthFunction(HealthProbe probe, ILogger<HealthFunction> logger)
{
    [Operation("Identity", "Is the service up and its storage reachable?")]
    [Answers(200, "Healthy.", Body = typeof(Api.HealthReport))]
    [Answers(503,
        "Storage is unreachable.",
        Body = typeof(Api.HealthReport),
        Header = "Retry-After",
        HeaderDescription = "Seconds to wait.")]
    [Function(nameof(Health))]
    [Anonymous]
    public async Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (reachable, failure) = await probe.ProbeAsync(cancellationToken);
        if (reachable) return Results.Json(new Api.HealthReport("Healthy", "Reachable"), DocketJson.Options);
        logger.LogWarning("Storage health probe failed: {Reason}", failure);
        request.HttpContext.Response.Headers.RetryAfter = "10";
        return Results.Json(new Api.HealthReport("Unhealthy", "Unreachable"), DocketJson.Options,
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
