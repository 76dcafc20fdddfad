using Docket.Application.Health;
using Docket.Functions.Identity;
using Docket.Functions.OpenApi;
using Microsoft.Extensions.Logging;
using Api = Docket.Contracts;
using Docket.Functions.Hosting;

namespace Docket.Functions.Health;

public sealed class HealthFunction(HealthProbe probe, HealthDetails details, CallerAuthenticator authenticator,
    ILogger<HealthFunction> logger)
{
    [Operation("Identity", "Is the service up and its storage reachable? With detail=true (org admins), also the " +
                           "queues, poison queues and stuck stage moves.", Refuses = [401, 403])]
    [QueryParameter("detail", "true: add the queues, poison queues and stuck moves (org admins; 401/403 otherwise).",
        Schema = """{"type":"boolean"}""")]
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
        var detail = request.Query["detail"].ToString();
        if (detail is not ("" or "false" or "true"))
            return Problems.Validation("detail", "must be true or false");
        if (detail == "true")
        {
            // Anonymous for probes; the detail is an org admin's.
            var caller = (await authenticator.AuthenticateAsync(request, cancellationToken)).Caller;
            if (caller is null) return Problems.Unauthorized("The detail of health needs an org admin's key.");
            if (!caller.IsOrgAdmin) return Problems.Forbidden("Only org admins see the detail of health.");
        }

        var (reachable, failure) = await probe.ProbeAsync(cancellationToken);
        if (!reachable) return Unhealthy(request, failure);
        var report = new Api.HealthReport("Healthy", "Reachable");
        if (detail == "true")
        {
            // Health answers in its own shape, whatever storage does.
            if (await details.ReadAsync(cancellationToken) is not { } read)
                return Unhealthy(request, "storage failed while the detail was read");
            report = report with
            {
                Queues = read.Queues.Select(Operations.OperationsFunctions.ToQueueInfo).ToList(),
                PoisonMessages = read.Queues.Sum(q => q.Poison.ApproximateDepth),
                StuckMoves = read.StuckMoves.Select(s => new Api.StuckMoveCount(s.ProjectId, s.Count)).ToList(),
                MovesSweptAt = read.MovesSweptAt,
            };
        }
        return Results.Json(report, DocketJson.Options);
    }

    IResult Unhealthy(HttpRequest request, string? failure)
    {
        logger.HealthProbeFailed(failure);
        request.HttpContext.Response.Headers.RetryAfter = "10";
        return Results.Json(new Api.HealthReport("Unhealthy", "Unreachable"), DocketJson.Options,
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
