namespace Docket.Application.Messaging;

/// <summary>Docket's queues (names ≤ 56 characters, leaving room for "-poison").</summary>
public static class QueueNames
{
    public const string UploadChunks = "upload-chunks";
    public const string ItemsDrops = "items-drops";
    public const string StageMoves = "stage-moves";
    public const string Reindex = "reindex";

    /// <summary>One message per project and rebalancing pass (the timer fans the pass out through it).</summary>
    public const string Rebalance = "rebalance";

    public static readonly IReadOnlyList<string> All = [UploadChunks, ItemsDrops, StageMoves, Reindex, Rebalance];
}
