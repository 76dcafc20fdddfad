namespace Docket.Domain.Tasks;

/// <summary>
/// Why a task refused a change, as a word a program can act on (the API's problem <c>code</c>): the reason in
/// <see cref="Refusal.Reason"/> is for people and may be reworded.
/// </summary>
public static class RefusalCodes
{
    /// <summary>The task's status (or stage) does not allow this now.</summary>
    public const string TaskState = "task-state";

    /// <summary>The task is moving to another stage: nothing else may change it until the move is done.</summary>
    public const string PendingMove = "pending-move";

    /// <summary>Retry or cancel of a move asked of a task that has none.</summary>
    public const string NoPendingMove = "no-pending-move";

    /// <summary>The assignee may not work where the task now is.</summary>
    public const string StageAccess = "stage-access";

    /// <summary>A skip beyond the stage's <c>maxSkipped</c> for the person.</summary>
    public const string TooManySkipped = "too-many-skipped";
}
