using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Docket.Application.Operations;

namespace Docket.Application.Telemetry;

/// <summary>
/// Docket's instruments (meter <see cref="MeterName"/>), the numbers an incident starts with: how long <c>next</c>
/// takes and how often claims collide, how stage moves and webhooks keep up, how deep the queues are. Names and
/// units are listed in the README; OpenTelemetry exports them where an exporter is configured.
/// </summary>
public sealed class DocketMetrics
{
    public const string MeterName = "Docket";

    readonly Histogram<double> nextDuration;
    readonly Histogram<int> claimAttempts;
    readonly Counter<long> claims;
    readonly Counter<long> storageConflicts;
    readonly Counter<long> stageMoves;
    readonly Histogram<double> stageMoveLag;
    readonly Counter<long> uploadTasks;
    readonly Counter<long> webhookDeliveries;
    readonly Histogram<double> webhookLag;
    readonly Counter<long> webhooksDisabled;
    readonly Counter<long> budgetExhausted;

    // The gauges report what the last observation saw (queues by the operations timer, moves by the sweep).
    readonly ConcurrentDictionary<string, (long Depth, long PoisonDepth)> queues = new();
    readonly ConcurrentDictionary<string, (long Pending, long Stuck)> moves = new();

    public DocketMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        nextDuration = meter.CreateHistogram<double>("docket.next.duration", "ms",
            "How long a next request took, by stage kind and outcome (task or empty).");
        claimAttempts = meter.CreateHistogram<int>("docket.claim.attempts", "{attempt}",
            "Pool candidates tried before a claim succeeded or the pool ran dry.");
        claims = meter.CreateCounter<long>("docket.claims", "{claim}",
            "Claim attempts by outcome: claimed, lost (another writer won the task) or empty (nothing left).");
        storageConflicts = meter.CreateCounter<long>("docket.storage.conflicts", "{conflict}",
            "Conditional writes refused because another writer changed the row first, by operation.");
        stageMoves = meter.CreateCounter<long>("docket.stage_moves", "{move}",
            "Stage-move messages handled, by outcome: applied, unchanged, refused or busy.");
        stageMoveLag = meter.CreateHistogram<double>("docket.stage_move.lag", "ms",
            "From a stage move's decision to the task arriving in its next stage.");
        uploadTasks = meter.CreateCounter<long>("docket.upload.tasks", "{task}", "Tasks written by uploads.");
        webhookDeliveries = meter.CreateCounter<long>("docket.webhook.deliveries", "{delivery}",
            "Webhook delivery attempts, by outcome: succeeded or failed.");
        webhookLag = meter.CreateHistogram<double>("docket.webhook.lag", "ms",
            "From an event's commit to its successful delivery.");
        webhooksDisabled = meter.CreateCounter<long>("docket.webhook.disabled", "{webhook}",
            "Webhooks switched off after a day of failed deliveries, by project.");
        budgetExhausted = meter.CreateCounter<long>("docket.http.budget_exhausted", "{request}",
            "Requests answered 503 because their storage budget ran out.");
        meter.CreateObservableGauge("docket.queue.depth",
            () => queues.Select(q => new Measurement<long>(q.Value.Depth, new KeyValuePair<string, object?>(
                "queue", q.Key))), "{message}", "Approximate messages waiting in each Docket queue.");
        meter.CreateObservableGauge("docket.queue.poison_depth",
            () => queues.Select(q => new Measurement<long>(q.Value.PoisonDepth, new KeyValuePair<string, object?>(
                "queue", q.Key))), "{message}", "Approximate messages in each Docket queue's poison queue.");
        meter.CreateObservableGauge("docket.moves.pending",
            () => moves.Select(m => new Measurement<long>(m.Value.Pending, new KeyValuePair<string, object?>(
                "project", m.Key))), "{move}", "Stage moves pending past their first resend, per project.");
        meter.CreateObservableGauge("docket.moves.stuck",
            () => moves.Select(m => new Measurement<long>(m.Value.Stuck, new KeyValuePair<string, object?>(
                "project", m.Key))), "{move}", "Stage moves pending past the stuck threshold, per project.");
    }

    public void NextServed(TimeSpan elapsed, string stageKind, bool handedOut) =>
        nextDuration.Record(elapsed.TotalMilliseconds, new TagList
        {
            { "stage_kind", stageKind },
            { "outcome", handedOut ? "task" : "empty" },
        });

    /// <param name="attempts">Candidates tried, the last one included.</param>
    /// <param name="claimed">Whether the last attempt claimed its candidate (else the pool ran dry).</param>
    public void ClaimEnded(int attempts, bool claimed)
    {
        claimAttempts.Record(attempts);
        claims.Add(1, new KeyValuePair<string, object?>("outcome", claimed ? "claimed" : "empty"));
    }

    /// <summary>A claim that lost its candidate to another writer (or found it gone) and tries the next.</summary>
    public void ClaimLost() => claims.Add(1, new KeyValuePair<string, object?>("outcome", "lost"));

    public void StorageConflict(string operation) =>
        storageConflicts.Add(1, new KeyValuePair<string, object?>("operation", operation));

    /// <param name="lag">For an applied move, the time since it was decided.</param>
    public void StageMoveHandled(string outcome, TimeSpan? lag)
    {
        stageMoves.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (lag is { } value) stageMoveLag.Record(value.TotalMilliseconds);
    }

    public void UploadTasksWritten(int count)
    {
        if (count > 0) uploadTasks.Add(count);
    }

    /// <param name="lag">For a successful delivery, the time since its event committed.</param>
    public void WebhookAttempted(bool succeeded, TimeSpan? lag)
    {
        webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));
        if (succeeded && lag is { } value) webhookLag.Record(Math.Max(0, value.TotalMilliseconds));
    }

    public void WebhookDisabled(string projectId) =>
        webhooksDisabled.Add(1, new KeyValuePair<string, object?>("project", projectId));

    public void BudgetExhausted(string route) =>
        budgetExhausted.Add(1, new KeyValuePair<string, object?>("route", route));

    public void QueuesObserved(IEnumerable<QueueReport> reports)
    {
        foreach (var report in reports)
            queues[report.Queue.Name] = (report.Queue.ApproximateDepth, report.Poison.ApproximateDepth);
    }

    public void MovesObserved(string projectId, int pending, int stuck) => moves[projectId] = (pending, stuck);
}
