using Docket.Application.Tasks;
using Docket.Contracts;

namespace Docket.Functions.Http;

/// <summary>
/// The answer of a bulk route: every task asked for, in the order asked, with what happened to it
/// (<c>outcome</c>: changed, unchanged, refused, failed; <c>error</c> when it did not succeed). The status says
/// whether all succeeded (the route's own status) or not (207 Multi-Status).
/// </summary>
public static class BulkResults
{
    public static IResult Json<T>(IReadOnlyList<T> results, int statusWhenAllSucceeded) where T : IBulkOutcome =>
        Results.Json(results, DocketJson.Options,
            statusCode: results.All(r => r.Error is null)
                ? statusWhenAllSucceeded
                : StatusCodes.Status207MultiStatus);

    /// <summary>Why the task's outcome is not what was asked; null when it is.</summary>
    public static string? ErrorOf(TaskOutcome outcome) => outcome.Succeeded ? null : outcome.Error;
}
