using System.Text.Json.Nodes;
using Docket.Application.Tasks;

namespace Docket.Functions.Http;

/// <summary>
/// The answer of a bulk route: every task asked for, in the order asked, with what happened to it
/// (<c>outcome</c>: changed, unchanged, refused, failed; <c>error</c> when it did not succeed). The status says
/// whether all succeeded (the route's own status) or not (207 Multi-Status).
/// </summary>
public static class BulkResults
{
    public static IResult Json(IEnumerable<(TaskOutcome Outcome, JsonObject Fields)> results,
        int statusWhenAllSucceeded)
    {
        var allSucceeded = true;
        var list = new JsonArray();
        foreach (var (outcome, fields) in results)
        {
            fields["outcome"] = TaskOutcomes.Word(outcome);
            if (!outcome.Succeeded)
            {
                fields["error"] = outcome.Error;
                allSucceeded = false;
            }
            list.Add(fields);
        }
        return Results.Json(list, DocketJson.Options,
            statusCode: allSucceeded ? statusWhenAllSucceeded : StatusCodes.Status207MultiStatus);
    }
}
