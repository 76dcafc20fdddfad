namespace Docket.LocalHost.Triggers;

/// <summary>
/// A blob to run a function on, as the blob extension writes it to the host's blob trigger queue and, after
/// maxDequeueCount failed attempts, to "webjobs-blobtrigger-poison" in the blob's storage account.
/// </summary>
public sealed record BlobTriggerMessage(
    string FunctionId, string ContainerName, string BlobName, string ETag, string BlobType = "BlockBlob",
    string Type = "BlobTrigger")
{
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    public static string QueueName(string hostId) => $"azure-webjobs-blobtrigger-{hostId}";
}
