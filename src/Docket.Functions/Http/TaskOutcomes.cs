using Docket.Application.Tasks;
using Docket.Domain.Tasks;
using Docket.Functions.Tasks;
using Docket.Contracts;

namespace Docket.Functions.Http;

/// <summary>The one place where what happened to a task becomes an HTTP answer.</summary>
public static class TaskOutcomes
{
    /// <summary>The task as it is now when it is as asked (changed or unchanged), else the problem.</summary>
    /// <param name="statusCode">The status of the task's answer (202 when a stage move is under way).</param>
    public static IResult ToResult(TaskOutcome outcome, int statusCode = StatusCodes.Status200OK) => outcome.Kind switch
    {
        TaskOutcomeKind.Changed or TaskOutcomeKind.Unchanged =>
            Results.Json(TaskResponses.From(outcome.Task!.Task), DocketJson.Options, statusCode: statusCode),
        TaskOutcomeKind.Busy => Problems.ServiceUnavailable(outcome.BusyReason!, ProblemCodes.TaskBusy, 1),
        _ => ToProblem(outcome.Refusal!),
    };

    public static IResult ToProblem(Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.NotFound => Problems.NotFound(refusal.Reason),
        RefusalKind.Forbidden => Problems.Forbidden(refusal.Reason),
        RefusalKind.Invalid => Problems.Validation(refusal.Field ?? "$", refusal.Reason),
        _ => Problems.Conflict(refusal.Reason, refusal.Code ?? ProblemCodes.Conflict),
    };

    /// <summary>A bulk route's word for one task's outcome.</summary>
    public static string Word(TaskOutcome outcome) => outcome.Kind switch
    {
        TaskOutcomeKind.Changed => BulkOutcomes.Changed,
        TaskOutcomeKind.Unchanged => BulkOutcomes.Unchanged,
        TaskOutcomeKind.Refused => BulkOutcomes.Refused,
        _ => BulkOutcomes.Failed,
    };
}
