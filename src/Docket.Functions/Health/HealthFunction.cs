using Microsoft.Extensions.Logging;

namespace Docket.Functions.Health;

public sealed class HealthFunction(HealthProbe probe, ILogger<HealthFunction> logger)
{
    [Function(nameof(Health))]
    [Anonymous]
    public async Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (reachable, failure) = await probe.ProbeAsync(cancellationToken);
        if (reachable) return Results.Ok(new { status = "Healthy", storage = "Reachable" });
        logger.LogWarning("Storage health probe failed: {Reason}", failure);
        request.HttpContext.Response.Headers.RetryAfter = "10";
        return Results.Json(new { status = "Unhealthy", storage = "Unreachable" },
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
