using Docket.Application.StageMoves;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.StageMoves;

/// <summary>Which stage moves wait, and which are stuck: what an admin retries or cancels.</summary>
public sealed class PendingMoveFunctions(PendingMoveList moves)
{
    const int DefaultLimit = 50;

    [Operation("Operations", "The project's pending stage moves (or only the stuck ones), the longest waiting " +
                             "first, with how often each was sent again.")]
    [Answers(200, "A page of moves.", Body = typeof(Api.PendingMovePage))]
    [QueryParameter("state", "pending (every move still waiting) or stuck (waiting longer than StuckAfter).",
        Schema = """{"type":"string","enum":["pending","stuck"],"default":"pending"}""")]
    [QueryParameter("after", "The nextCursor of the previous page.")]
    [QueryParameter("limit", "Moves per page.",
        Schema = """{"type":"integer","minimum":1,"maximum":100,"default":50}""")]
    [Function(nameof(ListPendingMoves))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> ListPendingMoves(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/moves")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var errors = new List<Domain.Validation.ValidationError>();
        var state = request.Query["state"].ToString() is { Length: > 0 } given ? given : "pending";
        if (state is not ("pending" or "stuck"))
            errors.Add(new("state", "must be pending or stuck"));
        var limit = QueryLimit.Read(request, DefaultLimit, PendingMoveList.MaxLimit, errors);
        if (errors.Count > 0) return Problems.Validation(errors);

        var after = request.Query["after"].ToString() is { Length: > 0 } cursor ? cursor : null;
        if (await moves.ReadAsync(request.ProjectAccess().Project, state == "stuck", after, limit,
                cancellationToken) is not { } page)
            return Problems.Validation("after", "is not a cursor this list gave (for this state)");
        return Results.Json(new Api.PendingMovePage(page.Moves.Select(m => new Api.PendingMoveInfo(m.Task.TaskId,
            m.Task.Name, m.Move.FromStage, m.Move.ToStage, m.Move.Kind.ToString(), m.Move.RequestedAt, m.Resends,
            m.LastResentAt, m.Stuck)).ToList(), page.NextCursor), DocketJson.Options);
    }
}
