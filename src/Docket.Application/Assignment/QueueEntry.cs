namespace Docket.Application.Assignment;

/// <summary>
/// One entry of a person's queue as storage lists it, in work order: <see cref="Position"/> (opaque) sorts the
/// queue, <see cref="StageIndex"/> is the stage it queues in, <see cref="Skipped"/> says it is in the skipped tail.
/// An entry is trusted only when its task confirms it (see <see cref="Ports.IWorkQueueStore.Confirms"/>).
/// </summary>
public sealed record QueueEntry(string Position, string TaskId, int StageIndex, bool Skipped, int Shard,
    string Version, DateTimeOffset WrittenAt);
