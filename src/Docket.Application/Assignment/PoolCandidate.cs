namespace Docket.Application.Assignment;

/// <summary>
/// A task in a stage's pool worth trying to claim: its shard, its place in the pool (opaque, best first) and the
/// version of that place as it was read.
/// </summary>
public sealed record PoolCandidate(string TaskId, int Shard, string Position, string Version);
