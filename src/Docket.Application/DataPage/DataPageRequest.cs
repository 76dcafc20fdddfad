using Docket.Domain.DataPage;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.DataPage;

/// <summary>
/// One Data Page request, already validated: a search group, filters, a sort, a page size and where to go on from.
/// </summary>
/// <param name="Assignee">Whose tasks only (members always get their own), or null for everyone's.</param>
/// <param name="StageKind">Queued sort: tasks now in a stage of that kind. Recent sort: ordered by their last
/// finalization in that kind.</param>
public sealed record DataPageRequest(
    TaskSearch Search, string? Stage, StageKind? StageKind, string? Assignee, string? NamePrefix, TaskSort Sort,
    int Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    /// <summary>
    /// About how many characters of tasks a page holds at most (one task whatever its size): 500 tasks of the largest
    /// series would otherwise be an answer of hundreds of megabytes.
    /// </summary>
    public const long MaxPageChars = 4_000_000;
}

/// <summary>A page: its tasks in order, and the cursor of the next page (null on the last).</summary>
public sealed record DataPageResult(IReadOnlyList<AnnotationTask> Tasks, string? NextCursor);
