using Docket.Application.Configuration;
using Docket.Application.Operations;
using Docket.Application.Telemetry;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Operations;

/// <summary>What an operator looks at first: the queues and their poison queues.</summary>
public sealed class OperationsFunctions(QueueOverview queues, DocketMetrics metrics)
{
    [Operation("Operations", "Every Docket queue with its approximate depth and oldest message, and its poison " +
                             "queue's.")]
    [Answers(200, "The queues.", Body = typeof(IReadOnlyList<Api.QueueInfo>))]
    [Function(nameof(GetQueues))]
    [RequiresOrgAdmin]
    public async Task<IResult> GetQueues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/queues")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Results.Json((await queues.ReadAsync(cancellationToken)).Select(ToQueueInfo).ToList(), DocketJson.Options);

    public static Api.QueueInfo ToQueueInfo(QueueReport q) => new(q.Queue.Name, q.Queue.ApproximateDepth,
        Seconds(q.Queue.OldestAge), q.Poison.Name, q.Poison.ApproximateDepth, Seconds(q.Poison.OldestAge));

    static double? Seconds(TimeSpan? age) => age is { } value ? Math.Round(value.TotalSeconds, 1) : null;

    [Operation("Operations", "The front of a queue's poison queue (up to 32 messages, left where they are).",
        Refuses = [404])]
    [Answers(200, "The messages, oldest first.", Body = typeof(IReadOnlyList<Api.PoisonMessage>))]
    [Function(nameof(GetPoisonMessages))]
    [RequiresOrgAdmin]
    public async Task<IResult> GetPoisonMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ops/queues/{queue}/poison")] HttpRequest request,
        string queue, CancellationToken cancellationToken) =>
        QueueOverview.IsDocketQueue(queue)
            ? Results.Json((await queues.PoisonAsync(queue, 32, cancellationToken)).Select(m =>
                new Api.PoisonMessage(m.MessageId, m.InsertedOn, m.DequeueCount, m.Body)).ToList(),
                DocketJson.Options)
            : NoSuchQueue(queue);

    [Operation("Operations", "Put a queue's poisoned messages back on it, to be tried again (after a fix).",
        Refuses = [404])]
    [Answers(200, "How many were put back.", Body = typeof(Api.PoisonOutcome))]
    [Function(nameof(ReplayPoisonMessages))]
    [RequiresOrgAdmin]
    public async Task<IResult> ReplayPoisonMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/queues/{queue}/poison/replay")]
        HttpRequest request,
        string queue, CancellationToken cancellationToken) =>
        QueueOverview.IsDocketQueue(queue)
            ? Results.Json(new Api.PoisonOutcome(queue, await queues.ReplayAsync(queue, cancellationToken)),
                DocketJson.Options)
            : NoSuchQueue(queue);

    [Operation("Operations", "Drop a queue's poisoned messages for good.", Refuses = [404])]
    [Answers(200, "How many were dropped.", Body = typeof(Api.PoisonOutcome))]
    [Function(nameof(DiscardPoisonMessages))]
    [RequiresOrgAdmin]
    public async Task<IResult> DiscardPoisonMessages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ops/queues/{queue}/poison/discard")]
        HttpRequest request,
        string queue, CancellationToken cancellationToken) =>
        QueueOverview.IsDocketQueue(queue)
            ? Results.Json(new Api.PoisonOutcome(queue, await queues.DiscardAsync(queue, cancellationToken)),
                DocketJson.Options)
            : NoSuchQueue(queue);

    static IResult NoSuchQueue(string queue) => Problems.NotFound($"'{queue}' is not one of Docket's queues.");

    /// <summary>Refreshes the queue-depth gauges (docket.queue.depth, docket.queue.poison_depth) every sweep.</summary>
    [Function(nameof(ObserveQueues))]
    public async Task ObserveQueues([TimerTrigger("%" + DocketSettings.SweepSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        metrics.QueuesObserved(await queues.ReadAsync(cancellationToken));
}
