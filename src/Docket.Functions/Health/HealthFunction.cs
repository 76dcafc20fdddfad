using Docket.Storage.Connection;
using Microsoft.Extensions.Logging;

namespace Docket.Functions.Health;

public sealed class HealthFunction(StorageAccount storage, ILogger<HealthFunction> logger)
{
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    [Function(nameof(Health))]
    [Anonymous]
    public async Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await storage.Tables.GetPropertiesAsync(timeout.Token);
            await storage.Queues.GetPropertiesAsync(timeout.Token);
            return Results.Ok(new { status = "Healthy", storage = "Reachable" });
        }
        catch (Exception exception) when (exception is not OperationCanceledException
            || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Storage health probe failed: {Reason}", exception.GetType().Name);
            request.HttpContext.Response.Headers.RetryAfter = "10";
            return Results.Json(new { status = "Unhealthy", storage = "Unreachable" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
