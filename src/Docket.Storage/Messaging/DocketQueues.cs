using Azure.Storage.Queues;
using Docket.Storage.Connection;

namespace Docket.Storage.Messaging;

/// <summary>Docket's queues (names ≤ 56 characters, leaving room for "-poison"). Created on first use.</summary>
public sealed class DocketQueues(StorageAccount account)
{
    public const string UploadChunks = "upload-chunks";
    public const string ItemsDrops = "items-drops";
    public const string StageMoves = "stage-moves";

    public const string Reindex = "reindex";

    /// <summary>One message per project and rebalancing pass (the timer fans the pass out through it).</summary>
    public const string Rebalance = "rebalance";

    public static readonly IReadOnlyList<string> All = [UploadChunks, ItemsDrops, StageMoves, Reindex, Rebalance];

    readonly CreatedOnce creation = new(ct =>
        Task.WhenAll(All.Select(q => account.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: ct))));

    public QueueClient Get(string name) => account.Queues.GetQueueClient(name);

    /// <param name="timeToLive">How long the message waits to be picked up before it expires (the queue's default
    /// of 7 days when null).</param>
    public async Task SendAsync(string queue, string message, CancellationToken cancellationToken,
        TimeSpan? delay = null, TimeSpan? timeToLive = null)
    {
        await creation.EnsureAsync(cancellationToken);
        await Get(queue).SendMessageAsync(message, visibilityTimeout: delay, timeToLive: timeToLive,
            cancellationToken: cancellationToken);
    }
}
