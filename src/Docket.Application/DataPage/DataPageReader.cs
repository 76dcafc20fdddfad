using Docket.Application.Ports;
using Docket.Domain.Access;
using Docket.Domain.Tasks;

namespace Docket.Application.DataPage;

/// <summary>
/// The Data Page: a page of the listing the request selects (<see cref="ITaskListings"/>: page fifty costs what page
/// one costs, whatever the project holds), then the page's tasks read whole and shown as they are now, if the caller
/// may still see them. A person's own tasks come from their own listing, never from other people's.
/// </summary>
public sealed class DataPageReader(ITaskListings listings, ITaskReader tasks, CursorProtector cursors)
{
    /// <summary>Whose tasks a request lists: a member's own always; for admins and managers whom they ask for.
    /// </summary>
    public static string? AssigneeOf(ProjectAccess access, DataPageRequest request) =>
        access.CanManageTasks ? request.Assignee : access.Caller.Email;

    /// <returns>The page, or null when the cursor is not one this query returned.</returns>
    public async Task<DataPageResult?> ReadAsync(ProjectAccess access, DataPageRequest request,
        CancellationToken cancellationToken)
    {
        var project = access.Project;
        var assignee = AssigneeOf(access, request);
        var scope = ScopeOf(access, request);

        string? last = null;
        if (request.Cursor is not null && !cursors.TryUnprotect(scope, request.Cursor, out last)) return null;
        var (page, more) = await listings.ReadAsync(project, request, assignee, last, cancellationToken);
        var read = await tasks.GetManyAsync(project, page.Select(p => p.TaskId).ToList(), cancellationToken);
        // A page ends at the count asked for or at MaxPageChars of the tasks' JSON, whichever comes first (always
        // one task at least): a page of large tasks never becomes an answer of hundreds of megabytes.
        var shown = new List<AnnotationTask>();
        var chars = 0L;
        string? lastOrder = null;
        for (var i = 0; i < page.Count; i++)
        {
            lastOrder = page[i].Order;
            // A task changed since its row was listed shows as it is now, and only if the caller may still see it.
            if (read[i] is not { } task || !access.CanSeeTask(task.Task.Assignee)) continue;
            shown.Add(task.Task);
            chars += ApproximateJsonChars(task.Task);
            if (chars >= DataPageRequest.MaxPageChars && i < page.Count - 1)
            {
                more = true;
                break;
            }
        }
        return new DataPageResult(shown, more && lastOrder is not null ? cursors.Protect(scope, lastOrder) : null);
    }

    /// <summary>About how many characters a task takes in an answer: its JSON fields and the rest.</summary>
    static long ApproximateJsonChars(AnnotationTask task) =>
        task.SeriesJson.Length + (task.ClassificationJson?.Length ?? 0)
        + task.MetaData.Sum(m => m.Key.Length + m.Value.Length + 6) + task.Name.Length + 600;

    /// <summary>
    /// Everything a cursor may continue: the project, the query but its page size, and whose listing.
    /// </summary>
    public static string ScopeOf(ProjectAccess access, DataPageRequest request) =>
        string.Join('\n', access.Project.ProjectId, request.Search, request.Stage, request.StageKind,
            AssigneeOf(access, request), request.NamePrefix, request.Sort);
}
