using Azure;

namespace Docket.Storage.Tasks;

/// <summary>One row of a person's queue index, in queue order.</summary>
public sealed record QueueEntry(string RowKey, string TaskId, int Shard, ETag ETag, DateTimeOffset WrittenAt);
