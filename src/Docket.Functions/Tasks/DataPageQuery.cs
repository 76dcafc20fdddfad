using System.Globalization;
using System.Text;
using Docket.Domain.Tasks;
using Docket.Domain.Validation;

namespace Docket.Functions.Tasks;

/// <summary>The Data Page's search groups.</summary>
public enum TaskSearch
{
    ALL,
    UNASSIGNED,
    /// <summary>In someone's queue, not started.</summary>
    QUEUED,
    /// <summary>Saved or submitted work not yet finalized.</summary>
    DRAFT,
    SKIPPED,
    /// <summary>Finished the workflow (status COMPLETED).</summary>
    COMPLETED,
    /// <summary>Sent back by a review (last review FAILED).</summary>
    FAILED,
    /// <summary>An issue is open (status PROBLEM).</summary>
    ISSUES,
    /// <summary>Currently in the Ground Truth stage.</summary>
    GROUNDTRUTH,
}

public enum TaskSort
{
    Queued,
    Recent,
}

/// <summary>
/// One Data Page request: filters become a server-side table filter; order and cursor are a sort key per task, so
/// walking the cursor never returns a task twice while nothing changes.
/// </summary>
public sealed record DataPageQuery(TaskSearch Search, string? Stage, string? Assignee, string? NamePrefix, TaskSort Sort, int Limit, string? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public string? ODataFilter()
    {
        var clauses = new List<string>();
        switch (Search)
        {
            case TaskSearch.UNASSIGNED: clauses.Add(Status(AnnotationTaskStatus.Unassigned)); break;
            case TaskSearch.QUEUED: clauses.Add(Status(AnnotationTaskStatus.Assigned)); break;
            case TaskSearch.DRAFT: clauses.Add($"({Status(AnnotationTaskStatus.InProgress)} or {Status(AnnotationTaskStatus.Staged)})"); break;
            case TaskSearch.SKIPPED: clauses.Add(Status(AnnotationTaskStatus.Skipped)); break;
            case TaskSearch.COMPLETED: clauses.Add(Status(AnnotationTaskStatus.Completed)); break;
            case TaskSearch.FAILED: clauses.Add($"LastReview eq '{ReviewOutcome.Failed}'"); break;
            case TaskSearch.ISSUES: clauses.Add(Status(AnnotationTaskStatus.Problem)); break;
            case TaskSearch.GROUNDTRUTH: clauses.Add("Stage eq 'Ground Truth'"); break;
        }
        if (Stage is not null) clauses.Add($"Stage eq {Literal(Stage)}");
        if (Assignee is not null) clauses.Add($"Assignee eq {Literal(Assignee)}");
        return clauses.Count == 0 ? null : string.Join(" and ", clauses);
    }

    /// <summary>Name prefixes are matched here rather than in the table filter, where ranges over any character are awkward.</summary>
    public bool Matches(AnnotationTask task) => NamePrefix is null || task.Name.StartsWith(NamePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Queued: assigned+prioritised, unassigned+prioritised, assigned, unassigned; priority then queuedAt inside each.
    /// Recent: last changed first.
    /// </summary>
    public string SortKey(AnnotationTask task) => Sort switch
    {
        TaskSort.Recent => string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - task.UpdatedAt.UtcTicks:D19}|{task.TaskId}"),
        _ => $"{Group(task)}|{OrderKeys.ByPriorityThenAge(task.Priority, task.QueuedAt)}|{task.TaskId}",
    };

    static int Group(AnnotationTask task) => (task.Assignee is not null, task.Priority is not null) switch
    {
        (true, true) => 0,
        (false, true) => 1,
        (true, false) => 2,
        _ => 3,
    };

    public static string EncodeCursor(string sortKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecodeCursor(string cursor, out string sortKey)
    {
        sortKey = "";
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            sortKey = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            return sortKey.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static (DataPageQuery? Query, List<ValidationError> Errors) Parse(IReadOnlyDictionary<string, string?> query)
    {
        var errors = new List<ValidationError>();
        var search = TaskSearch.ALL;
        if (query.GetValueOrDefault("search") is { } searchText && !Enum.TryParse(searchText, ignoreCase: true, out search) || !Enum.IsDefined(search))
            errors.Add(new ValidationError("search", $"must be one of {string.Join(", ", Enum.GetNames<TaskSearch>())}"));
        var sort = TaskSort.Queued;
        if (query.GetValueOrDefault("sort") is { } sortText && !Enum.TryParse(sortText, ignoreCase: true, out sort) || !Enum.IsDefined(sort))
            errors.Add(new ValidationError("sort", "must be queued or recent"));
        var limit = DefaultLimit;
        if (query.GetValueOrDefault("limit") is { } limitText && (!int.TryParse(limitText, out limit) || limit < 1 || limit > MaxLimit))
            errors.Add(new ValidationError("limit", $"must be a whole number between 1 and {MaxLimit}"));
        string? after = null;
        if (query.GetValueOrDefault("cursor") is { Length: > 0 } cursor && !TryDecodeCursor(cursor, out after!))
            errors.Add(new ValidationError("cursor", "is not a cursor this API returned"));
        var query1 = new DataPageQuery(search, Empty(query.GetValueOrDefault("stage")), Empty(query.GetValueOrDefault("assignee"))?.ToLowerInvariant(),
            Empty(query.GetValueOrDefault("name")), sort, limit, after);
        return (errors.Count == 0 ? query1 : null, errors);
    }

    static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    static string Status(AnnotationTaskStatus status) => $"Status eq '{status}'";
    static string Literal(string value) => "'" + value.Replace("'", "''") + "'";
}
