namespace Docket.Contracts;

/// <summary>
/// Every kind of problem the API answers: the problem's <c>code</c>, and its <c>type</c> URI
/// (<see cref="TypeOf"/>). Programs act on these, never on <c>detail</c>, which is for people. Listed in
/// docs/api.md.
/// </summary>
public static class ProblemCodes
{
    /// <summary>400: the request is invalid; <c>errors</c> lists every problem.</summary>
    public const string Validation = "validation";
    /// <summary>401: no key, or one that is not valid.</summary>
    public const string Unauthenticated = "unauthenticated";
    /// <summary>403: the caller may not do this.</summary>
    public const string Forbidden = "forbidden";
    /// <summary>404: no such thing, or one the caller may not see (the two look alike).</summary>
    public const string NotFound = "not-found";
    /// <summary>409: the state does not allow it, no more specific code applies.</summary>
    public const string Conflict = "conflict";
    /// <summary>409: the task's status or stage does not allow this now.</summary>
    public const string TaskState = "task-state";
    /// <summary>409: the task is moving to another stage; wait for the move (or retry or cancel it).</summary>
    public const string PendingMove = "pending-move";
    /// <summary>409: a retry or cancel of a move on a task that has none.</summary>
    public const string NoPendingMove = "no-pending-move";
    /// <summary>409: the assignee may not work in the stage where the task now is.</summary>
    public const string StageAccess = "stage-access";
    /// <summary>409: a skip beyond the stage's <c>maxSkipped</c>: finish or release a skipped task first.</summary>
    public const string TooManySkipped = "too-many-skipped";
    /// <summary>409: a project with that id exists.</summary>
    public const string AlreadyExists = "already-exists";
    /// <summary>409: a reindex of the project is running (<c>reindexId</c>).</summary>
    public const string ReindexRunning = "reindex-running";
    /// <summary>409: a consistency check of the project is running (<c>checkId</c>).</summary>
    public const string CheckRunning = "check-running";
    /// <summary>413: the body is over the limit.</summary>
    public const string PayloadTooLarge = "payload-too-large";
    /// <summary>415: the body is not JSON.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";
    /// <summary>503: storage is down, throttling, or the request's budget ran out; retry after <c>Retry-After</c>.
    /// </summary>
    public const string StorageUnavailable = "storage-unavailable";
    /// <summary>503: the task is changing too often to update now; retry after <c>Retry-After</c>.</summary>
    public const string TaskBusy = "task-busy";
    /// <summary>500: a defect on the server's side.</summary>
    public const string InternalError = "internal-error";

    public const string TypePrefix = "urn:docket:problem:";

    /// <summary>The problem's <c>type</c>: a URN that stays the same whatever the server's address.</summary>
    public static string TypeOf(string code) => TypePrefix + code;

    public static IReadOnlyList<string> All { get; } =
    [
        Validation, Unauthenticated, Forbidden, NotFound, Conflict, TaskState, PendingMove, NoPendingMove,
        StageAccess, TooManySkipped, AlreadyExists, ReindexRunning, CheckRunning, PayloadTooLarge, UnsupportedMediaType,
        StorageUnavailable, TaskBusy, InternalError,
    ];
}
