namespace Docket.Domain.Tasks;

public enum MoveKind
{
    /// <summary>A Label stage was finalized: on to the next stage.</summary>
    Finalize,
    /// <summary>A review accepted the work: on to the next stage.</summary>
    Accept,
    /// <summary>A review rejected the work: back to the first Label stage and its labeler.</summary>
    Reject,
    /// <summary>An admin sends the task to a stage of their choice.</summary>
    Send,
}

/// <summary>
/// A stage move that has been decided but not yet carried out. It is written with the decision (in the same batch
/// as the task) and cleared by the move itself, so a lost message is found and sent again, and a message whose
/// <see cref="MoveId"/> is not the pending one is a duplicate or stale and changes nothing.
/// </summary>
public sealed record PendingMove(string MoveId, MoveKind Kind, string FromStage, string? ToStage, string Actor,
    DateTimeOffset RequestedAt);
