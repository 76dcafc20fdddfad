using Docket.Application.Operations;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Operations;

/// <summary>What an operator looks at first: the queues and their poison queues.</summary>
public sealed class OperationsFunctions(QueueOverview queues)
{
    [Operation("Operations", "Every Docket queue with its approximate depth and oldest message, and its poison " +
                             "queue's.")]
    [Answers(200, "The queues.", Body = typeof(IReadOnlyList<Api.QueueInfo>))]
    [Function(nameof(GetQueues))]
    [RequiresOrgAdmin]
    public async Task<IResult> GetQueues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/queues")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Results.Json((await queues.ReadAsync(cancellationToken)).Select(q => new Api.QueueInfo(q.Queue.Name,
            q.Queue.ApproximateDepth, Seconds(q.Queue.OldestAge), q.Poison.Name, q.Poison.ApproximateDepth,
            Seconds(q.Poison.OldestAge))).ToList(), DocketJson.Options);

    static double? Seconds(TimeSpan? age) => age is { } value ? Math.Round(value.TotalSeconds, 1) : null;
}
